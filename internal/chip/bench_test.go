package chip_test

import (
	"testing"

	"dancu/internal/chip"
)

// BenchmarkBuild measures one card's chip image: DG1, DG2 (with a
// 96×128 JPEG), DG13, EF.COM, and the signed EF.SOD.
func BenchmarkBuild(b *testing.B) {
	_, ds := mustPKI(b)
	c := sampleCard(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := chip.Build(c, sampleMRZ, ds, testNow); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkVerify measures passive authentication of one image.
func BenchmarkVerify(b *testing.B) {
	a, ds := mustPKI(b)
	img := mustBuild(b, sampleCard(b), ds)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := chip.VerifyAt(img, a.CSCA(), testNow); err != nil {
			b.Fatal(err)
		}
	}
}
