package face

import (
	"image"
	"image/color"
)

// ID-1 card size (ISO/IEC 7810) in millimetres, and the corner radius.
const (
	cardW      = 85.60
	cardH      = 53.98
	cardRadius = 3.18
)

// sheet is one side of the card as drawing operations in millimetres,
// origin top left, painted in order.
type sheet struct {
	ops []op
	// stock is the number of leading ops that paint the blank card stock,
	// the same on every side of every card, so painters may reuse them.
	stock int
}

// op is one of rectOp, discOp, polygonOp, lineOp, textOp, imageOp.
type op any

type rectOp struct {
	x, y, w, h, radius float64
	fill               color.RGBA
}

type discOp struct {
	cx, cy, r float64
	fill      color.RGBA
}

type polygonOp struct {
	pts  []float64 // x0, y0, x1, y1, …
	fill color.RGBA
}

// lineOp is an open polyline stroked with width.
type lineOp struct {
	pts   []float64
	width float64
	color color.RGBA
}

// textOp is one line of text; (x, y) is the start of its baseline and
// size the em size in millimetres. Fitting happens at layout, so painters
// draw it as given.
type textOp struct {
	x, y, size float64
	font       fontID
	color      color.RGBA
	text       string
}

// imageOp places img in the box, stretched to fit. jpeg, when set, holds
// the original bytes of img so the PDF embeds them without re-encoding;
// sharp asks for nearest-neighbour scaling (QR modules must stay square).
type imageOp struct {
	x, y, w, h float64
	img        image.Image
	jpeg       []byte
	sharp      bool
}

func (s *sheet) add(o op) { s.ops = append(s.ops, o) }
