package face

import (
	"strings"
)

// fitted is a text value fitted into a box: its lines and their em size
// in millimetres.
type fitted struct {
	lines []string
	size  float64
}

// fitSlack leaves 2 % of the width unused: the raster painter applies the
// font's kerning and the PDF painter does not, so their widths differ
// slightly.
const fitSlack = 0.98

// shrinkStep is the ratio between successive sizes tried by fit.
const shrinkStep = 0.94

// fit wraps text into at most maxLines lines no wider than width (mm), at
// the largest em size from size down to minSize at which it fits. If it
// does not fit even at minSize, the last line ends in an ellipsis: a card
// must never print outside its box.
func (fs *fontSet) fit(id fontID, text string, width, size, minSize float64, maxLines int) fitted {
	for s := size; ; s *= shrinkStep {
		if s < minSize {
			s = minSize
		}
		lines := fs.wrap(id, text, width*fitSlack/s)
		if len(lines) <= maxLines {
			return fitted{lines: lines, size: s}
		}
		if s == minSize {
			kept := append(lines[:maxLines-1:maxLines-1], strings.Join(lines[maxLines-1:], " "))
			kept[maxLines-1] = fs.ellipsize(id, kept[maxLines-1], width*fitSlack/s)
			return fitted{lines: kept, size: s}
		}
	}
}

// wrap breaks text greedily at spaces into lines at most maxEm ems wide;
// a word wider than a line is broken between letters.
func (fs *fontSet) wrap(id fontID, text string, maxEm float64) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		candidate := word
		if line != "" {
			candidate = line + " " + word
		}
		if fs.width(id, candidate) <= maxEm {
			line = candidate
			continue
		}
		if line != "" {
			lines = append(lines, line)
		}
		line = word
		for fs.width(id, line) > maxEm {
			head, tail := fs.split(id, line, maxEm)
			lines = append(lines, head)
			line = tail
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// split cuts word after the most letters (at least one) that fit in maxEm.
func (fs *fontSet) split(id fontID, word string, maxEm float64) (head, tail string) {
	r := []rune(word)
	n := 1
	for n < len(r) && fs.width(id, string(r[:n+1])) <= maxEm {
		n++
	}
	return string(r[:n]), string(r[n:])
}

// ellipsize shortens s, letter by letter, until s plus "…" fits in maxEm.
func (fs *fontSet) ellipsize(id fontID, s string, maxEm float64) string {
	if fs.width(id, s) <= maxEm {
		return s
	}
	r := []rune(s)
	for len(r) > 0 && fs.width(id, strings.TrimRight(string(r), " ,")+"…") > maxEm {
		r = r[:len(r)-1]
	}
	return strings.TrimRight(string(r), " ,") + "…"
}
