package face

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"testing"
)

// The fast PNG path must decode to exactly the pixels rendered, including
// partly transparent ones.
func TestPNGRoundTripsExactly(t *testing.T) {
	f := longCard(t)
	front, _, err := Render(f.card, f.mrz, f.qr)
	if err != nil {
		t.Fatal(err)
	}
	small := image.NewRGBA(image.Rect(0, 0, 3, 2))
	small.SetRGBA(0, 0, color.RGBA{255, 0, 0, 255})
	small.SetRGBA(1, 0, color.RGBA{40, 20, 10, 128})
	small.SetRGBA(2, 1, color.RGBA{0, 0, 0, 0})
	for name, img := range map[string]*image.RGBA{"card front": front.(*image.RGBA), "translucent pixels": small} {
		t.Run(name, func(t *testing.T) {
			data, err := PNG(img)
			if err != nil {
				t.Fatal(err)
			}
			got, err := png.Decode(bytes.NewReader(data))
			if err != nil {
				t.Fatal(err)
			}
			b := img.Bounds()
			for y := b.Min.Y; y < b.Max.Y; y++ {
				for x := b.Min.X; x < b.Max.X; x++ {
					if !closeColor(got.At(x, y), img.At(x, y)) {
						t.Fatalf("pixel (%d,%d) = %v, want %v", x, y, got.At(x, y), img.At(x, y))
					}
				}
			}
		})
	}
}

// closeColor allows the rounding of a premultiplied → straight → premultiplied
// round trip (at most one step per channel).
func closeColor(a, b color.Color) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	near := func(x, y uint32) bool { return max(x, y)-min(x, y) <= 0x101 }
	return near(ar, br) && near(ag, bg) && near(ab, bb) && near(aa, ba)
}
