package synthbio

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
)

// Signature image size: a 60 × 20 mm signature box at about 250 dpi.
const (
	SignatureWidth  = 600
	SignatureHeight = 200
)

// SignatureImage draws a synthetic handwritten-looking signature for seed:
// one cursive pen stroke of loops, then an underline flourish, in dark ink on white.
func SignatureImage(seed uint64) *image.Gray {
	r := newRand(seed, saltSignature)
	img := image.NewGray(image.Rect(0, 0, SignatureWidth, SignatureHeight))
	for i := range img.Pix {
		img.Pix[i] = 255
	}
	pen := between(r, 1.6, 2.6)
	stroke(img, cursive(r), pen)
	y := between(r, 150, 170)
	flourish := [][2]float64{{between(r, 40, 120), y + 10}, {SignatureWidth / 2, y}, {between(r, 450, 560), y - between(r, 0, 25)}}
	stroke(img, catmullRom(flourish, 80), pen*0.8)
	return img
}

// SignaturePNG returns the signature for seed as an 8-bit grayscale PNG.
func SignaturePNG(seed uint64) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, SignatureImage(seed)); err != nil {
		return nil, fmt.Errorf("synthbio: encode signature for seed %d: %w", seed, err)
	}
	return buf.Bytes(), nil
}

// cursive traces a prolate trochoid: a point on a wheel rolling along the
// line, beyond its rim, draws a chain of loops like joined handwriting.
// Each loop ("letter") gets its own height, and the baseline drifts.
func cursive(r *rand.Rand) [][2]float64 {
	letters := 5 + r.IntN(6)
	advance := (SignatureWidth - 120) / float64(letters)
	loop := advance * between(r, 0.35, 0.6)
	base, slope := between(r, 85, 115), between(r, -0.06, 0.06)
	heights := make([]float64, letters+1)
	for i := range heights {
		heights[i] = between(r, 15, 55)
	}
	const steps = 60
	out := make([][2]float64, 0, letters*steps)
	for i := range letters * steps {
		t := float64(i) / steps // letters done so far
		x := 60 + advance*t - loop*math.Sin(2*math.Pi*t)
		k, frac := math.Modf(t)
		h := heights[int(k)] + (heights[int(k)+1]-heights[int(k)])*frac
		y := base + slope*x - h*math.Cos(2*math.Pi*t)*0.8
		out = append(out, [2]float64{x, y})
	}
	return out
}

// catmullRom samples a Catmull–Rom spline through pts, steps samples per
// segment, which passes through every point without corners.
func catmullRom(pts [][2]float64, steps int) [][2]float64 {
	at := func(i int) [2]float64 { return pts[max(0, min(len(pts)-1, i))] }
	var out [][2]float64
	for i := 0; i+1 < len(pts); i++ {
		p0, p1, p2, p3 := at(i-1), at(i), at(i+1), at(i+2)
		for s := range steps {
			t := float64(s) / float64(steps)
			var q [2]float64
			for k := range 2 {
				q[k] = 0.5 * (2*p1[k] + (-p0[k]+p2[k])*t + (2*p0[k]-5*p1[k]+4*p2[k]-p3[k])*t*t + (-p0[k]+3*p1[k]-3*p2[k]+p3[k])*t*t*t)
			}
			out = append(out, q)
		}
	}
	return append(out, pts[len(pts)-1])
}

// stroke stamps an anti-aliased round pen of radius pen along the path,
// at most pen/2 apart so the line shows no beads.
func stroke(img *image.Gray, path [][2]float64, pen float64) {
	for i := 1; i < len(path); i++ {
		a, b := path[i-1], path[i]
		n := int(math.Ceil(math.Hypot(b[0]-a[0], b[1]-a[1]) / (pen / 2)))
		for s := range n {
			t := float64(s) / float64(n)
			stamp(img, [2]float64{a[0] + (b[0]-a[0])*t, a[1] + (b[1]-a[1])*t}, pen)
		}
	}
}

// stamp darkens the pixels under a round pen at p, keeping the darker of
// the old and new ink where strokes cross.
func stamp(img *image.Gray, p [2]float64, pen float64) {
	for y := int(p[1] - pen - 1); y <= int(p[1]+pen+1); y++ {
		for x := int(p[0] - pen - 1); x <= int(p[0]+pen+1); x++ {
			if !(image.Point{x, y}).In(img.Rect) {
				continue
			}
			cover := math.Min(1, math.Max(0, pen+0.5-math.Hypot(float64(x)-p[0], float64(y)-p[1])))
			ink := uint8(255 - 230*cover)
			if i := img.PixOffset(x, y); ink < img.Pix[i] {
				img.Pix[i] = ink
			}
		}
	}
}
