package ui

import (
	"fmt"
	"html/template"
	"strings"
)

// lineChart draws daily series as an SVG element, on the server: no chart
// library, no script, and CSP allows it (classes, not inline styles).
// Each series is one polyline; the y axis starts at 0.
func lineChart(title string, labels []string, names []string, series [][]int64) template.HTML {
	const w, h, left, bottom, top, right = 640, 220, 44, 28, 14, 12
	var max int64 = 1
	for _, s := range series {
		for _, v := range s {
			max = maxI(max, v)
		}
	}
	n := len(labels)
	x := func(i int) float64 {
		if n < 2 {
			return left
		}
		return left + float64(i)*float64(w-left-right)/float64(n-1)
	}
	y := func(v int64) float64 { return float64(h-bottom) - float64(v)*float64(h-bottom-top)/float64(max) }
	var b strings.Builder
	fmt.Fprintf(&b, `<svg viewBox="0 0 %d %d" role="img" aria-labelledby="chart-t"><title id="chart-t">%s</title>`, w, h, template.HTMLEscapeString(title))
	fmt.Fprintf(&b, `<line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/><line class="axis" x1="%d" y1="%d" x2="%d" y2="%d"/>`,
		left, h-bottom, w-right, h-bottom, left, top, left, h-bottom)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="end">%d</text><text x="%d" y="%d" text-anchor="end">0</text>`, left-4, top+4, max, left-4, h-bottom)
	for i, l := range labels {
		if i%5 == 0 || i == n-1 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%s</text>`, x(i), h-bottom+16, template.HTMLEscapeString(l))
		}
	}
	for si, s := range series {
		pts := make([]string, len(s))
		for i, v := range s {
			pts[i] = fmt.Sprintf("%.1f,%.1f", x(i), y(v))
		}
		fmt.Fprintf(&b, `<polyline class="s%d" points="%s"><title>%s</title></polyline>`, si, strings.Join(pts, " "), template.HTMLEscapeString(names[si]))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String()) // every text above is escaped
}

func maxI(a, b int64) int64 {
	if a > b {
		return a
	}
	return b
}
