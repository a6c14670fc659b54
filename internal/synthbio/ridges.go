package synthbio

import (
	"math"
	"math/rand/v2"
)

// pattern is a Henry class of ridge flow.
type pattern int

const (
	arch pattern = iota
	loop
	whorl
)

// ridgeField describes one finger's ridges as a scalar potential whose
// level lines are the ridges: phi grows by one ridge period per ridge.
// Near the core the potential is a distance from it (circles for a whorl,
// eccentric conics for a loop); below the core it blends into parallel
// lines, which produces delta-like regions where the two flows meet, as on
// real fingers.
type ridgeField struct {
	kind         pattern
	cx, cy       float64 // core
	cos, sin     float64 // small rotation of the finger
	eccentricity float64 // loops: how far they stretch, signed by the opening side
	period       float64 // ridge spacing in pixels
	archHeight   float64
	blendRadius  float64
}

func newRidgeField(r *rand.Rand, f Finger, w, h int) ridgeField {
	kind := loop
	switch n := r.IntN(100); {
	case n < 6:
		kind = arch
	case n < 35 || (f == RightThumb || f == LeftThumb) && n < 55:
		kind = whorl
	}
	// Loops open towards the little finger: to the image's right for a
	// right hand in a rolled/plain impression, to the left for a left hand.
	side := 1.0
	if f.right() {
		side = -1
	}
	if r.IntN(8) == 0 { // a minority open the other way
		side = -side
	}
	angle := between(r, -0.25, 0.25)
	return ridgeField{
		kind:         kind,
		cx:           float64(w)/2 + between(r, -35, 35),
		cy:           float64(h)*0.45 + between(r, -35, 35),
		cos:          math.Cos(angle),
		sin:          math.Sin(angle),
		eccentricity: side * between(r, 0.4, 0.7),
		period:       between(r, 8.5, 10.5), // 0.43–0.53 mm at 500 dpi
		archHeight:   between(r, 25, 60),
		blendRadius:  between(r, 70, 110),
	}
}

// humps returns, per image column, how far the flat ridges bulge up over
// the core. It ignores the finger's small rotation so that phi needs no
// exponential per pixel.
func (f *ridgeField) humps(w int) []float64 {
	h := make([]float64, w)
	for x := range h {
		dx := float64(x) - f.cx
		h[x] = f.archHeight * math.Exp(-dx*dx/(2*90*90))
	}
	return h
}

// phi returns the potential at pixel (x, y), in pixels; hump is
// humps()[x].
func (f *ridgeField) phi(x, y, hump float64) float64 {
	dx, dy := x-f.cx, y-f.cy
	u := dx*f.cos - dy*f.sin
	v := dx*f.sin + dy*f.cos
	flat := v - hump
	if f.kind == arch {
		return flat
	}
	d := math.Sqrt(u*u + v*v)
	var near float64
	if f.kind == whorl {
		near = math.Sqrt(u*u + 0.6*v*v)
	} else {
		near = d + f.eccentricity*u
	}
	if v <= 0 {
		return near
	}
	t := math.Min(1, v/f.blendRadius)
	t = t * t * (3 - 2*t) // smoothstep
	return near*(1-t) + flat*t
}
