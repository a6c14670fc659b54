package face

import (
	"image/color"

	"golang.org/x/text/unicode/norm"
)

// Colours of the face.
var (
	ink        = color.RGBA{22, 32, 64, 255}
	labelInk   = color.RGBA{50, 62, 92, 255}
	titleRed   = color.RGBA{200, 22, 40, 255}
	cardTint   = color.RGBA{236, 242, 246, 255}
	guilloche  = color.RGBA{196, 216, 228, 255}
	emblemRed  = color.RGBA{218, 37, 29, 255}
	emblemGold = color.RGBA{255, 205, 0, 255}
)

// Type sizes (em, mm). Labels are small as on the card; values may shrink
// to their minimum before they are cut.
const (
	labelSize    = 1.75
	labelMin     = 1.3
	valueSize    = 2.6
	valueMin     = 1.7
	lineAdvance  = 1.22 // line pitch in ems; leaves room for stacked Vietnamese marks
	ascentFactor = 0.95 // baseline below the top of a line, in ems
	rowGap       = 0.7
)

// layout builds one sheet, measuring text with the embedded fonts.
type layout struct {
	fs *fontSet
	s  sheet
}

// text adds one line in NFC: the fonts have precomposed glyphs for every
// Vietnamese letter but cannot position combining marks.
func (l *layout) text(x, baseline, size float64, id fontID, c color.RGBA, s string) {
	l.s.add(textOp{x: x, y: baseline, size: size, font: id, color: c, text: norm.NFC.String(s)})
}

// block fits s into width at up to maxLines lines from top y and returns
// the y below it.
func (l *layout) block(x, y, width float64, s string, id fontID, size, minSize float64, maxLines int, c color.RGBA) float64 {
	f := l.fs.fit(id, norm.NFC.String(s), width, size, minSize, maxLines)
	for i, line := range f.lines {
		l.text(x, y+f.size*(ascentFactor+lineAdvance*float64(i)), f.size, id, c, line)
	}
	return y + f.size*lineAdvance*float64(max(1, len(f.lines)))
}

// label adds a one-line field label.
func (l *layout) label(x, y, width float64, s string) float64 {
	return l.block(x, y, width, s, sans, labelSize, labelMin, 1, labelInk)
}

// centred adds one line centred on cx, shrunk to width if needed.
func (l *layout) centred(cx, baseline, width float64, s string, id fontID, size float64, c color.RGBA) {
	f := l.fs.fit(id, norm.NFC.String(s), width, size, size/2, 1)
	if len(f.lines) == 0 {
		return
	}
	w := l.fs.width(id, f.lines[0]) * f.size
	l.text(cx-w/2, baseline, f.size, id, c, f.lines[0])
}

// inline adds "label value" on one line, the value in bold; both shrink
// together, down to 70 %, before the value is cut.
func (l *layout) inline(x, y, width float64, label, value string) float64 {
	label, value = norm.NFC.String(label)+" ", norm.NFC.String(value)
	ls, vs := labelSize, valueSize*0.9
	need := l.fs.width(sans, label)*ls + l.fs.width(sansBold, value)*vs
	if avail := width * fitSlack; need > avail {
		k := max(0.7, avail/need)
		ls, vs = ls*k, vs*k
	}
	lw := l.fs.width(sans, label) * ls
	baseline := y + vs*ascentFactor
	l.text(x, baseline, ls, sans, labelInk, label)
	if value != "" {
		value = l.fs.ellipsize(sansBold, value, (width*fitSlack-lw)/vs)
		l.text(x+lw, baseline, vs, sansBold, ink, value)
	}
	return y + vs*lineAdvance
}
