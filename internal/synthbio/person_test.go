package synthbio

import (
	"bytes"
	"image"
	"math"
	"testing"
)

// thumb reduces the face region of a portrait to a 24×32 grey thumbnail,
// so that distances compare faces, not JPEG noise or the background.
func thumb(img *image.RGBA) []float64 {
	const x0, y0, w, h = 120, 100, 240, 360
	out := make([]float64, 0, 24*32)
	for ty := range 32 {
		for tx := range 24 {
			var sum float64
			for y := y0 + ty*h/32; y < y0+(ty+1)*h/32; y++ {
				for x := x0 + tx*w/24; x < x0+(tx+1)*w/24; x++ {
					p := img.RGBAAt(x, y)
					sum += 0.299*float64(p.R) + 0.587*float64(p.G) + 0.114*float64(p.B)
				}
			}
			out = append(out, sum/float64((h/32)*(w/24)))
		}
	}
	return out
}

// distance is the mean absolute difference of two thumbnails, in 8-bit
// luma levels.
func distance(a, b []float64) float64 {
	var d float64
	for i := range a {
		d += math.Abs(a[i] - b[i])
	}
	return d / float64(len(a))
}

// TestPortraitsAreDistinctPerPerson protects the demo's faces: about seven
// portraits were shared by everyone, so a 14-year-old and an 83-year-old
// had one face. N people must get N faces that differ visibly, not just in
// bytes, and the same person the same face every time.
func TestPortraitsAreDistinctPerPerson(t *testing.T) {
	const n = 60
	thumbs := make([][]float64, n)
	for i := range n {
		p := Person{Seed: uint64(1000 + i*7919), Female: i%2 == 0, Age: 5 + (i*13)%85}
		thumbs[i] = thumb(PersonPhotoImage(p))
	}
	closest := math.Inf(1)
	for i := range n {
		for j := i + 1; j < n; j++ {
			if d := distance(thumbs[i], thumbs[j]); d < closest {
				closest = d
			}
		}
	}
	// Measured: the closest pair of these 60 differs by 5.7 levels on
	// average over the face; a shared portrait differs by 0.
	if closest < 4 {
		t.Errorf("two of %d people have near-identical faces (distance %.1f levels)", n, closest)
	}
	p := Person{Seed: 42, Female: true, Age: 33}
	a, err := PersonPhoto(p)
	if err != nil {
		t.Fatal(err)
	}
	if b, _ := PersonPhoto(p); !bytes.Equal(a, b) {
		t.Error("the same person got two different portraits")
	}
}

// TestPortraitChangesWithAgeAndSex protects that age and sex shape the
// face: the same person drawn at 8, 35 and 80, or as the other sex, looks
// different, and hair greys with age.
func TestPortraitChangesWithAgeAndSex(t *testing.T) {
	for seed := uint64(1); seed <= 6; seed++ {
		at := func(female bool, age int) *image.RGBA {
			return PersonPhotoImage(Person{Seed: seed, Female: female, Age: age})
		}
		child, adult, old := thumb(at(true, 8)), thumb(at(true, 35)), thumb(at(true, 80))
		// Measured on these seeds: 18–29 levels for age, 23–42 for sex.
		if d := distance(child, adult); d < 10 {
			t.Errorf("seed %d: 8 and 35 years look alike (%.1f)", seed, d)
		}
		if d := distance(adult, old); d < 10 {
			t.Errorf("seed %d: 35 and 80 years look alike (%.1f)", seed, d)
		}
		if d := distance(adult, thumb(at(false, 35))); d < 10 {
			t.Errorf("seed %d: woman and man look alike (%.1f)", seed, d)
		}
		// The crown of the head: hair there greys between 35 and 80.
		crown := func(img *image.RGBA) float64 {
			var sum float64
			for y := 130; y < 150; y++ {
				for x := 220; x < 260; x++ {
					p := img.RGBAAt(x, y)
					sum += 0.299*float64(p.R) + 0.587*float64(p.G) + 0.114*float64(p.B)
				}
			}
			return sum / 800
		}
		if y, o := crown(at(true, 35)), crown(at(true, 80)); o < y+40 {
			t.Errorf("seed %d: crown luma %.0f at 35, %.0f at 80; want grey hair", seed, y, o)
		}
	}
}
