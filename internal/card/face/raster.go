package face

import (
	"image"
	"image/color"
	"math"
	"sync"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// pxPerMM maps the layout to Width pixels across (≈ 11.82 px/mm, 300 dpi).
const pxPerMM = Width / cardW

// rasterPainter draws a sheet into an RGBA image. Outside the card's
// rounded corners the image stays transparent.
type rasterPainter struct {
	img   *image.RGBA
	z     vector.Rasterizer
	fs    *fontSet
	faces map[faceKey]font.Face
}

type faceKey struct {
	id   fontID
	size float64
}

func paintRaster(s sheet, fs *fontSet) *image.RGBA {
	p := &rasterPainter{img: image.NewRGBA(image.Rect(0, 0, Width, Height)), fs: fs, faces: map[faceKey]font.Face{}}
	if s.stock > 0 {
		copy(p.img.Pix, blankStock(fs).Pix)
	}
	p.paint(s.ops[s.stock:])
	return p.img
}

// blankStock is the painted card stock, drawn once per process: it was
// half the time of painting a side.
var blankStock = func() func(*fontSet) *image.RGBA {
	var once sync.Once
	var img *image.RGBA
	return func(fs *fontSet) *image.RGBA {
		once.Do(func() {
			l := layout{fs: fs}
			l.background()
			p := &rasterPainter{img: image.NewRGBA(image.Rect(0, 0, Width, Height)), fs: fs}
			p.paint(l.s.ops)
			img = p.img
		})
		return img
	}
}()

func (p *rasterPainter) paint(ops []op) {
	for _, o := range ops {
		switch o := o.(type) {
		case rectOp:
			p.fill(o.fill, boxOf(0, o.x, o.y, o.x+o.w, o.y+o.h), func(path *pathBuilder) { path.roundedRect(o.x, o.y, o.w, o.h, o.radius) })
		case discOp:
			p.fill(o.fill, boxOf(0, o.cx-o.r, o.cy-o.r, o.cx+o.r, o.cy+o.r), func(path *pathBuilder) { path.roundedRect(o.cx-o.r, o.cy-o.r, 2*o.r, 2*o.r, o.r) })
		case polygonOp:
			p.fill(o.fill, boxOf(0, o.pts...), func(path *pathBuilder) { path.polygon(o.pts) })
		case lineOp:
			p.fill(o.color, boxOf(o.width, o.pts...), func(path *pathBuilder) { path.stroke(o.pts, o.width) })
		case textOp:
			p.text(o)
		case imageOp:
			p.image(o)
		}
	}
}

// fill rasterises the path over box only (the rasteriser's cost is its
// area, and most shapes are small or thin), clipped to the image because
// vector.Rasterizer.Draw does not clip.
func (p *rasterPainter) fill(c color.RGBA, box image.Rectangle, build func(*pathBuilder)) {
	box = box.Intersect(p.img.Bounds())
	if box.Empty() {
		return
	}
	p.z.Reset(box.Dx(), box.Dy())
	build(&pathBuilder{z: &p.z, origin: box.Min})
	p.z.Draw(p.img, box, image.NewUniform(c), image.Point{})
}

// boxOf returns the pixel box around points (x0, y0, x1, y1, …) in
// millimetres, grown by pad millimetres and a pixel for anti-aliasing.
func boxOf(pad float64, pts ...float64) image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for i := 0; i+1 < len(pts); i += 2 {
		x0, x1 = min(x0, pts[i]), max(x1, pts[i])
		y0, y1 = min(y0, pts[i+1]), max(y1, pts[i+1])
	}
	return image.Rect(px(x0-pad)-1, px(y0-pad)-1, px(x1+pad)+2, px(y1+pad)+2)
}

func (p *rasterPainter) text(o textOp) {
	key := faceKey{o.font, math.Round(o.size*pxPerMM*100) / 100}
	f, ok := p.faces[key]
	if !ok {
		var err error
		f, err = opentype.NewFace(p.fs.fonts[o.font], &opentype.FaceOptions{Size: key.size, DPI: 72, Hinting: font.HintingNone})
		if err != nil {
			return // unreachable: the font parsed and the size is positive
		}
		p.faces[key] = f
	}
	d := font.Drawer{Dst: p.img, Src: image.NewUniform(o.color), Face: f, Dot: fixed.Point26_6{X: fix(o.x), Y: fix(o.y)}}
	d.DrawString(o.text)
}

func (p *rasterPainter) image(o imageOp) {
	r := image.Rect(px(o.x), px(o.y), px(o.x+o.w), px(o.y+o.h))
	// ApproxBiLinear: a 2:1 downscale of a portrait looks the same as with
	// the BiLinear kernel, at a fraction of its cost on YCbCr JPEG data.
	var scaler xdraw.Scaler = xdraw.ApproxBiLinear
	if o.sharp {
		scaler = xdraw.NearestNeighbor
	}
	scaler.Scale(p.img, r, o.img, o.img.Bounds(), xdraw.Over, nil)
}

func px(mm float64) int            { return int(math.Round(mm * pxPerMM)) }
func fix(mm float64) fixed.Int26_6 { return fixed.Int26_6(math.Round(mm * pxPerMM * 64)) }
