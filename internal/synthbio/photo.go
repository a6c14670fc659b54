package synthbio

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"math/rand/v2"
)

// Portrait size: 3:4 like an ICAO passport photo, enough pixels for the
// card face (about 240×320 at 300 dpi) and for intake's resolution check.
const (
	PhotoWidth  = 480
	PhotoHeight = 640
)

// photoQuality keeps a drawn portrait around 15–25 KB, the size range of
// real chip face images.
const photoQuality = 85

// Photo returns the synthetic portrait for seed as a JPEG.
func Photo(seed uint64) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, PhotoImage(seed), &jpeg.Options{Quality: photoQuality}); err != nil {
		return nil, fmt.Errorf("synthbio: encode photo for seed %d: %w", seed, err)
	}
	return buf.Bytes(), nil
}

// PhotoImage draws the synthetic portrait for seed: a plain light
// background, head and shoulders centred and facing the camera, with skin
// tone, hair, face shape and clothing chosen by the seed.
func PhotoImage(seed uint64) *image.RGBA {
	r := newRand(seed, saltPhoto)
	l := newLook(r)
	c := newCanvas(PhotoWidth, PhotoHeight)
	paintBackground(c.img, l.background)
	drawBody(c, l)
	drawHead(c, l, r)
	return c.img
}

// look is what varies between portraits.
type look struct {
	background, skin, hair, shirt, iris, lips color.RGBA
	headW, headH                              float64 // half-axes of the face oval
	longHair, bald                            bool
}

func newLook(r *rand.Rand) look {
	skin := mix(color.RGBA{250, 221, 196, 255}, color.RGBA{105, 70, 48, 255}, r.Float64())
	return look{
		background: pick(r, color.RGBA{233, 238, 244, 255}, color.RGBA{245, 245, 242, 255}, color.RGBA{222, 230, 240, 255}, color.RGBA{236, 236, 236, 255}),
		skin:       skin,
		hair:       pick(r, color.RGBA{20, 18, 18, 255}, color.RGBA{45, 32, 24, 255}, color.RGBA{92, 62, 38, 255}, color.RGBA{150, 150, 150, 255}, color.RGBA{60, 40, 30, 255}),
		shirt:      pick(r, color.RGBA{245, 245, 245, 255}, color.RGBA{40, 60, 110, 255}, color.RGBA{70, 70, 75, 255}, color.RGBA{120, 30, 40, 255}, color.RGBA{30, 90, 70, 255}),
		iris:       pick(r, color.RGBA{40, 25, 15, 255}, color.RGBA{70, 45, 25, 255}, color.RGBA{25, 25, 25, 255}),
		lips:       mix(color.RGBA{190, 90, 90, 255}, skin, 0.35),
		headW:      between(r, 100, 125),
		headH:      between(r, 140, 160),
		longHair:   r.IntN(3) == 0,
		bald:       r.IntN(12) == 0,
	}
}

// paintBackground fills a vertical gradient, slightly darker at the
// bottom, as studio lighting gives; a perfectly flat field would also look
// synthetic to quality checks.
func paintBackground(img *image.RGBA, top color.RGBA) {
	bottom := mix(top, color.RGBA{0, 0, 0, 255}, 0.12)
	h := img.Bounds().Dy()
	for y := range h {
		c := mix(top, bottom, float64(y)/float64(h))
		row := img.Pix[y*img.Stride : y*img.Stride+4*img.Bounds().Dx()]
		for i := 0; i < len(row); i += 4 {
			row[i], row[i+1], row[i+2], row[i+3] = c.R, c.G, c.B, 255
		}
	}
}

func pick(r *rand.Rand, cs ...color.RGBA) color.RGBA { return cs[r.IntN(len(cs))] }

// mix interpolates from a (t = 0) to b (t = 1).
func mix(a, b color.RGBA, t float64) color.RGBA {
	l := func(x, y uint8) uint8 { return uint8(float64(x) + (float64(y)-float64(x))*t + 0.5) }
	return color.RGBA{l(a.R, b.R), l(a.G, b.G), l(a.B, b.B), 255}
}
