package synthbio

import "testing"

func BenchmarkPhoto(b *testing.B) {
	for i := range b.N {
		if _, err := Photo(uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFingerprintSet(b *testing.B) {
	for i := range b.N {
		if _, err := Fingerprints(uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignature(b *testing.B) {
	for i := range b.N {
		if _, err := SignaturePNG(uint64(i)); err != nil {
			b.Fatal(err)
		}
	}
}
