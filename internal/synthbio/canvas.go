package synthbio

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"golang.org/x/image/vector"
)

// canvas fills anti-aliased shapes on an RGBA image. Each shape is
// rasterised over its own bounding box only, so small features on a large
// image stay cheap.
type canvas struct {
	img *image.RGBA
	z   vector.Rasterizer
}

func newCanvas(w, h int) *canvas {
	return &canvas{img: image.NewRGBA(image.Rect(0, 0, w, h))}
}

// kappa places cubic Bézier control points so four arcs approximate an
// ellipse to within 0.03 %.
const kappa = 0.5522847498

// ellipse fills an axis-aligned ellipse centred on (cx, cy).
func (c *canvas) ellipse(cx, cy, rx, ry float64, col color.Color) {
	box := image.Rect(int(cx-rx)-1, int(cy-ry)-1, int(math.Ceil(cx+rx))+1, int(math.Ceil(cy+ry))+1)
	c.fill(box, col, func(z *vector.Rasterizer, ox, oy float64) {
		x, y := float32(cx-ox), float32(cy-oy)
		a, b := float32(rx), float32(ry)
		ka, kb := float32(rx*kappa), float32(ry*kappa)
		z.MoveTo(x+a, y)
		z.CubeTo(x+a, y+kb, x+ka, y+b, x, y+b)
		z.CubeTo(x-ka, y+b, x-a, y+kb, x-a, y)
		z.CubeTo(x-a, y-kb, x-ka, y-b, x, y-b)
		z.CubeTo(x+ka, y-b, x+a, y-kb, x+a, y)
		z.ClosePath()
	})
}

// polygon fills the closed polygon through pts (x0, y0, x1, y1, …).
func (c *canvas) polygon(col color.Color, pts ...float64) {
	box := image.Rectangle{Min: image.Pt(math.MaxInt32, math.MaxInt32), Max: image.Pt(math.MinInt32, math.MinInt32)}
	for i := 0; i+1 < len(pts); i += 2 {
		box.Min.X = min(box.Min.X, int(pts[i])-1)
		box.Min.Y = min(box.Min.Y, int(pts[i+1])-1)
		box.Max.X = max(box.Max.X, int(math.Ceil(pts[i]))+1)
		box.Max.Y = max(box.Max.Y, int(math.Ceil(pts[i+1]))+1)
	}
	c.fill(box, col, func(z *vector.Rasterizer, ox, oy float64) {
		z.MoveTo(float32(pts[0]-ox), float32(pts[1]-oy))
		for i := 2; i+1 < len(pts); i += 2 {
			z.LineTo(float32(pts[i]-ox), float32(pts[i+1]-oy))
		}
		z.ClosePath()
	})
}

// fill rasterises the path built by path, given in image coordinates
// shifted by (ox, oy), the rasteriser's origin. The box is clipped to the
// image first: vector.Rasterizer.Draw does not clip, but the rasteriser
// itself clips path segments that fall outside its bounds.
func (c *canvas) fill(box image.Rectangle, col color.Color, path func(z *vector.Rasterizer, ox, oy float64)) {
	box = box.Intersect(c.img.Bounds())
	if box.Empty() {
		return
	}
	c.z.Reset(box.Dx(), box.Dy())
	c.z.DrawOp = draw.Over
	path(&c.z, float64(box.Min.X), float64(box.Min.Y))
	c.z.Draw(c.img, box, image.NewUniform(col), image.Point{})
}

// stroke draws a polyline of the given width through pts (x0, y0, x1, y1,
// …) as one quadrilateral per segment with round joints.
func (c *canvas) stroke(col color.Color, width float64, pts ...float64) {
	h := width / 2
	for i := 0; i+3 < len(pts); i += 2 {
		x0, y0, x1, y1 := pts[i], pts[i+1], pts[i+2], pts[i+3]
		dx, dy := x1-x0, y1-y0
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		nx, ny := -dy/n*h, dx/n*h
		c.polygon(col, x0+nx, y0+ny, x1+nx, y1+ny, x1-nx, y1-ny, x0-nx, y0-ny)
		c.ellipse(x1, y1, h, h, col)
	}
}

// ring draws the outline of an ellipse, as a closed polyline.
func (c *canvas) ring(col color.Color, width, cx, cy, rx, ry float64) {
	const n = 36
	pts := make([]float64, 0, 2*(n+1))
	for i := 0; i <= n; i++ {
		a := 2 * math.Pi * float64(i) / n
		pts = append(pts, cx+rx*math.Cos(a), cy+ry*math.Sin(a))
	}
	c.stroke(col, width, pts...)
}
