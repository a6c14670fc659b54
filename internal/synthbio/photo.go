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

// Person is who a portrait shows. Seed stands for the person (derive it
// from a stable identifier, such as the register's id), so the same person
// always gets the same face; Age and Female change the face as they would
// change a real one: a child's round face, grey hair and lines with age,
// beards on some men, long hair on most women.
type Person struct {
	Seed   uint64
	Female bool
	Age    int // completed years on the day the photo is taken
}

// Photo returns the synthetic portrait for seed as a JPEG: an adult whose
// sex and age the seed picks. Use PersonPhoto when sex and age are known.
func Photo(seed uint64) ([]byte, error) {
	return PersonPhoto(personOf(seed))
}

// PhotoImage draws the portrait Photo encodes.
func PhotoImage(seed uint64) *image.RGBA { return PersonPhotoImage(personOf(seed)) }

// personOf picks a sex and an adult age from a bare seed, from their own
// stream so that the face itself stays the seed's.
func personOf(seed uint64) Person {
	r := newRand(seed, saltPerson)
	return Person{Seed: seed, Female: r.IntN(2) == 0, Age: 18 + r.IntN(60)}
}

// PersonPhoto returns p's portrait as a JPEG.
func PersonPhoto(p Person) ([]byte, error) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, PersonPhotoImage(p), &jpeg.Options{Quality: photoQuality}); err != nil {
		return nil, fmt.Errorf("synthbio: encode photo for seed %d: %w", p.Seed, err)
	}
	return buf.Bytes(), nil
}

// PersonPhotoImage draws p's portrait: a plain light background, head and
// shoulders centred and facing the camera. Every proportion (face, eyes,
// nose, mouth, brows, ears) is drawn from continuous ranges by the seed,
// so two people practically never share a face, and then shaped by sex and
// age.
func PersonPhotoImage(p Person) *image.RGBA {
	r := newRand(p.Seed, saltPhoto)
	l := newLook(r, p)
	c := newCanvas(PhotoWidth, PhotoHeight)
	paintBackground(c.img, l.background)
	drawBody(c, l)
	drawHead(c, l)
	return c.img
}

// look is what varies between portraits. The seed draws the inherited
// traits; sex and age then set the rest.
type look struct {
	background, skin, hair, shirt, iris, lips color.RGBA
	headW, headH                              float64 // half-axes of the face oval
	jaw                                       float64 // 0 round .. 1 square lower face
	longHair, bald, bun, fringe               bool
	part                                      float64 // fringe parting offset
	hairline                                  float64 // how far the hair recedes (0 none)
	eyeDX, eyeDrop, eyeW, eyeH, irisR         float64
	browW, browH, browTilt                    float64
	noseLen, noseW, mouthDrop, mouthW, mouthH float64
	earW, earH                                float64
	beard, moustache                          bool
	glasses                                   bool
	frame                                     color.RGBA
	wrinkles                                  float64 // 0 none .. 1 deep
	mole                                      [3]float64
	hasMole                                   bool
}

func newLook(r *rand.Rand, p Person) look {
	age := float64(max(0, min(p.Age, 110)))
	child := age < 13
	// youth is 1 for a small child and 0 from 18 on: rounder, shorter face,
	// larger eyes, smaller nose.
	youth := clamp01((18 - age) / 16)
	// greyness and wrinkles grow from 40 and 45; individual pace varies.
	pace := between(r, 0.7, 1.3)
	grey := clamp01((age - 40) / 40 * pace)
	lines := clamp01((age - 45) / 35 * pace)

	skin := mix(color.RGBA{250, 221, 196, 255}, color.RGBA{105, 70, 48, 255}, 0.7*r.Float64())
	baseHair := pick(r, color.RGBA{20, 18, 18, 255}, color.RGBA{45, 32, 24, 255}, color.RGBA{92, 62, 38, 255}, color.RGBA{60, 40, 30, 255}, color.RGBA{35, 28, 26, 255})
	l := look{
		background: pick(r, color.RGBA{233, 238, 244, 255}, color.RGBA{245, 245, 242, 255}, color.RGBA{222, 230, 240, 255}, color.RGBA{236, 236, 236, 255}),
		skin:       mix(skin, color.RGBA{200, 180, 165, 255}, lines*0.15),
		hair:       mix(baseHair, color.RGBA{225, 225, 222, 255}, grey),
		shirt:      pick(r, color.RGBA{245, 245, 245, 255}, color.RGBA{40, 60, 110, 255}, color.RGBA{70, 70, 75, 255}, color.RGBA{120, 30, 40, 255}, color.RGBA{30, 90, 70, 255}, color.RGBA{200, 170, 120, 255}),
		iris:       pick(r, color.RGBA{40, 25, 15, 255}, color.RGBA{70, 45, 25, 255}, color.RGBA{25, 25, 25, 255}),
		headW:      between(r, 98, 124),
		headH:      between(r, 138, 162),
		jaw:        r.Float64(),
		part:       between(r, -40, 40),
		fringe:     r.IntN(4) != 0,
		eyeDX:      between(r, 38, 52),
		eyeDrop:    between(r, 4, 22),
		eyeW:       between(r, 16, 22),
		eyeH:       between(r, 6.5, 10),
		irisR:      between(r, 6.5, 8.5),
		browW:      between(r, 20, 28),
		browH:      between(r, 3.5, 6),
		browTilt:   between(r, -6, 6),
		noseLen:    between(r, 46, 64),
		noseW:      between(r, 9, 15),
		mouthDrop:  between(r, 32, 46),
		mouthW:     between(r, 26, 40),
		mouthH:     between(r, 5, 10),
		earW:       between(r, 14, 20),
		earH:       between(r, 26, 34),
		frame:      pick(r, color.RGBA{30, 30, 30, 255}, color.RGBA{110, 80, 50, 255}, color.RGBA{150, 150, 155, 255}),
		mole:       [3]float64{between(r, -0.7, 0.7), between(r, -0.2, 0.7), between(r, 2, 4)},
		hasMole:    r.IntN(3) == 0,
		wrinkles:   lines,
	}
	// Draws below are made whatever the branch, so that the stream, and
	// with it the inherited traits above, do not depend on sex or age.
	longHair, bald, bun, beard, moustache, glasses := r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64()
	if p.Female {
		l.headW *= 0.94
		l.jaw *= 0.5
		l.browH *= 0.75
		l.longHair = longHair < 0.75
		l.bun = !l.longHair && bun < 0.5 && age >= 30
		l.lips = mix(color.RGBA{200, 80, 90, 255}, skin, 0.3)
	} else {
		l.longHair = longHair < 0.04
		// Hair recedes, and some men go bald, with age.
		l.hairline = clamp01((age-28)/50*pace) * between(r, 0.2, 1)
		l.bald = bald < 0.5*clamp01((age-35)/45)
		l.beard = !child && age >= 20 && beard < 0.15
		l.moustache = !child && age >= 18 && moustache < 0.25
		l.lips = mix(color.RGBA{180, 95, 90, 255}, skin, 0.45)
	}
	l.glasses = !child && glasses < 0.08+0.4*clamp01((age-40)/40)
	// A child's face is rounder and its features sit lower and closer.
	l.headH -= 28 * youth
	l.headW -= 6 * youth
	l.jaw *= 1 - youth
	l.eyeDrop += 22 * youth
	l.eyeW += 3 * youth
	l.eyeH += 2 * youth
	l.irisR += 1.2 * youth
	l.noseLen *= 1 - 0.35*youth
	l.noseW *= 1 - 0.25*youth
	l.mouthDrop *= 1 - 0.3*youth
	l.mouthW *= 1 - 0.2*youth
	l.browH *= 1 - 0.3*youth
	// Lips thin and brows lighten with age.
	l.mouthH *= 1 - 0.4*lines
	return l
}

func clamp01(x float64) float64 { return max(0, min(1, x)) }

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
