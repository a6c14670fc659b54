package synthbio

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
)

// Fingerprint image size: a plain impression window of 0.8 × 1.0 inch at
// 500 dpi, the resolution of ISO/IEC 19794-4 and FBI EBTS captures.
const (
	FingerprintWidth  = 400
	FingerprintHeight = 500
)

// cosTable maps a ridge phase (1/256 of a period) to ink darkness in
// [0, 1], so the per-pixel loop needs no trigonometry.
var cosTable = func() (t [256]float32) {
	for i := range t {
		t[i] = float32(0.5 + 0.5*math.Cos(2*math.Pi*float64(i)/256))
	}
	return t
}()

// FingerprintImage draws the synthetic fingerprint of finger f for seed:
// dark ridges on white inside an oval contact area, with the pattern class,
// core, ridge spacing, distortion and pressure varying by seed and finger.
func FingerprintImage(seed uint64, f Finger) *image.Gray {
	r := newRand(seed, saltFinger+uint64(f))
	field := newRidgeField(r, f, FingerprintWidth, FingerprintHeight)
	warpX, warpY := waves(r, FingerprintWidth, 4), waves(r, FingerprintHeight, 4)
	pressX, pressY := pressure(r, FingerprintWidth), pressure(r, FingerprintHeight)
	humps := field.humps(FingerprintWidth)
	img := image.NewGray(image.Rect(0, 0, FingerprintWidth, FingerprintHeight))
	mx, my := float64(FingerprintWidth)/2, float64(FingerprintHeight)*0.52
	rx, ry := float64(FingerprintWidth)*0.42, float64(FingerprintHeight)*0.46
	for y := range FingerprintHeight {
		row := img.Pix[y*img.Stride:]
		ey := (float64(y) - my) / ry
		for x := range FingerprintWidth {
			ex := (float64(x) - mx) / rx
			// Contact area: full ink inside the oval, fading over its rim.
			edge := (1 - math.Sqrt(ex*ex+ey*ey)) * 12
			if edge <= 0 {
				row[x] = 255
				continue
			}
			phase := (field.phi(float64(x), float64(y), humps[x]) + warpX[x] + warpY[y]) / field.period
			ink := cosTable[uint8(int(math.Floor(phase*256)))] * pressX[x] * pressY[y] * float32(min(edge, 1))
			row[x] = uint8(250 - 215*ink)
		}
	}
	return img
}

// waves returns a smooth random displacement along one axis, amplitude
// about amp pixels, which bends the otherwise geometric ridges.
func waves(r *rand.Rand, n int, amp float64) []float64 {
	a1, a2 := between(r, 0.5, 1)*amp, between(r, 0.2, 0.5)*amp
	f1, f2 := between(r, 0.01, 0.025), between(r, 0.03, 0.06)
	p1, p2 := between(r, 0, 2*math.Pi), between(r, 0, 2*math.Pi)
	w := make([]float64, n)
	for i := range w {
		w[i] = a1*math.Sin(f1*float64(i)+p1) + a2*math.Sin(f2*float64(i)+p2)
	}
	return w
}

// pressure returns a factor in about [0.75, 1] along one axis: uneven
// finger pressure makes some areas lighter.
func pressure(r *rand.Rand, n int) []float32 {
	f, p := between(r, 0.005, 0.02), between(r, 0, 2*math.Pi)
	v := make([]float32, n)
	for i := range v {
		v[i] = float32(0.875 + 0.125*math.Sin(f*float64(i)+p))
	}
	return v
}

// FingerprintPNG returns the fingerprint of finger f for seed as an 8-bit
// grayscale PNG.
func FingerprintPNG(seed uint64, f Finger) ([]byte, error) {
	if !f.Valid() {
		return nil, fmt.Errorf("synthbio: fingerprint for seed %d: invalid finger position %d", seed, int(f))
	}
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&buf, FingerprintImage(seed, f)); err != nil {
		return nil, fmt.Errorf("synthbio: encode %s fingerprint for seed %d: %w", f, seed, err)
	}
	return buf.Bytes(), nil
}

// Fingerprints returns all ten fingerprints for seed as PNGs, indexed like
// Fingers (position f is at index f-1).
func Fingerprints(seed uint64) ([10][]byte, error) {
	var set [10][]byte
	for i, f := range Fingers {
		b, err := FingerprintPNG(seed, f)
		if err != nil {
			return set, err
		}
		set[i] = b
	}
	return set, nil
}
