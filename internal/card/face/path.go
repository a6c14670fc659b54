package face

import (
	"image"
	"math"

	"golang.org/x/image/vector"
)

// pathBuilder adds shapes given in millimetres to a rasteriser in pixels
// whose (0, 0) is the image's origin pixel.
type pathBuilder struct {
	z      *vector.Rasterizer
	origin image.Point
}

// kappa places cubic Bézier control points so that a quarter arc is
// within 0.03 % of a circle.
const kappa = 0.5522847498

func (b *pathBuilder) pt(x, y float64) (float32, float32) {
	return float32(x*pxPerMM - float64(b.origin.X)), float32(y*pxPerMM - float64(b.origin.Y))
}

func (b *pathBuilder) moveTo(x, y float64) { b.z.MoveTo(b.pt(x, y)) }
func (b *pathBuilder) lineTo(x, y float64) { b.z.LineTo(b.pt(x, y)) }

func (b *pathBuilder) cubeTo(x1, y1, x2, y2, x, y float64) {
	ax, ay := b.pt(x1, y1)
	bx, by := b.pt(x2, y2)
	cx, cy := b.pt(x, y)
	b.z.CubeTo(ax, ay, bx, by, cx, cy)
}

// roundedRect adds a rectangle with corner radius r (a circle when r is
// half the side).
func (b *pathBuilder) roundedRect(x, y, w, h, r float64) {
	r = math.Min(r, math.Min(w, h)/2)
	k := r * (1 - kappa)
	b.moveTo(x+r, y)
	b.lineTo(x+w-r, y)
	b.cubeTo(x+w-k, y, x+w, y+k, x+w, y+r)
	b.lineTo(x+w, y+h-r)
	b.cubeTo(x+w, y+h-k, x+w-k, y+h, x+w-r, y+h)
	b.lineTo(x+r, y+h)
	b.cubeTo(x+k, y+h, x, y+h-k, x, y+h-r)
	b.lineTo(x, y+r)
	b.cubeTo(x, y+k, x+k, y, x+r, y)
	b.z.ClosePath()
}

func (b *pathBuilder) polygon(pts []float64) {
	b.moveTo(pts[0], pts[1])
	for i := 2; i+1 < len(pts); i += 2 {
		b.lineTo(pts[i], pts[i+1])
	}
	b.z.ClosePath()
}

// stroke adds each segment of the polyline as a quadrilateral of the given
// width. The quads share one winding, so overlaps at joints do not cancel.
func (b *pathBuilder) stroke(pts []float64, width float64) {
	for i := 0; i+3 < len(pts); i += 2 {
		x0, y0, x1, y1 := pts[i], pts[i+1], pts[i+2], pts[i+3]
		l := math.Hypot(x1-x0, y1-y0)
		if l == 0 {
			continue
		}
		nx, ny := -(y1-y0)/l*width/2, (x1-x0)/l*width/2
		b.polygon([]float64{x0 + nx, y0 + ny, x1 + nx, y1 + ny, x1 - nx, y1 - ny, x0 - nx, y0 - ny})
	}
}
