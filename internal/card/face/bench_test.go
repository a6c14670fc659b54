package face

import (
	"image"
	"testing"
)

// BenchmarkCard measures producing one card's images: layout, painting
// both sides and encoding them as PNG.
func BenchmarkCard(b *testing.B) {
	f := longCard(b)
	for b.Loop() {
		front, back, err := Render(f.card, f.mrz, f.qr)
		if err != nil {
			b.Fatal(err)
		}
		for _, img := range []image.Image{front, back} {
			if _, err := PNG(img); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkRender is BenchmarkCard without the PNG encoding.
func BenchmarkRender(b *testing.B) {
	f := longCard(b)
	for b.Loop() {
		if _, _, err := Render(f.card, f.mrz, f.qr); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkPDF(b *testing.B) {
	f := longCard(b)
	for b.Loop() {
		if _, err := PDF(f.card, f.mrz, f.qr); err != nil {
			b.Fatal(err)
		}
	}
}
