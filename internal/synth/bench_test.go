package synth

import (
	"testing"

	"dancu/internal/dc01"
)

// BenchmarkGenerate measures generation alone (no encoding), in people/s.
func BenchmarkGenerate(b *testing.B) {
	const people = 100_000
	b.ReportAllocs()
	for b.Loop() {
		err := Generate(Options{Province: "42", People: people, Seed: 7, DuplicateRate: 0.05},
			func(*dc01.Row) error { return nil }, nil)
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(people*b.N)/b.Elapsed().Seconds(), "people/s")
}
