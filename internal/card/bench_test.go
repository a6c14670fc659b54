package card

import "testing"

func BenchmarkBuildMRZ(b *testing.B) {
	c := specCard()
	c.FullName = "Nguyễn Thị Hoàng Phương Thảo Nguyên Bảo Ngọc" // exercises truncation
	b.ReportAllocs()
	for b.Loop() {
		if _, err := BuildMRZ(c); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseMRZ(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := ParseMRZ(specMRZ); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkQRPNG(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := QRPNG(specQR, 400); err != nil {
			b.Fatal(err)
		}
	}
}
