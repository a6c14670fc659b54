package synth

import (
	"os"
	"path/filepath"
	"testing"
	"time"

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

// BenchmarkWriteFile measures the whole path to a CSV file, in people/s.
func BenchmarkWriteFile(b *testing.B) {
	const people = 100_000
	path := filepath.Join(b.TempDir(), "pop.csv")
	for b.Loop() {
		if _, err := WriteFile(path, Options{Province: "42", People: people, Seed: 7, DuplicateRate: 0.05}, ""); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(people*b.N)/b.Elapsed().Seconds(), "people/s")
}

// TestMillion generates 1,000,000 people to a file when SYNTH_MILLION is set
// and reports the rate; it is too slow for every test run.
func TestMillion(t *testing.T) {
	if os.Getenv("SYNTH_MILLION") == "" {
		t.Skip("set SYNTH_MILLION=1 to run")
	}
	path := filepath.Join(t.TempDir(), "pop.csv.gz")
	if os.Getenv("SYNTH_MILLION") == "csv" {
		path = filepath.Join(t.TempDir(), "pop.csv")
	}
	start := time.Now()
	st, err := WriteFile(path, Options{Province: "42", People: 1_000_000, Seed: 1, DuplicateRate: 0.05}, path+".truth.csv")
	if err != nil {
		t.Fatal(err)
	}
	d := time.Since(start)
	t.Logf("%+v in %v: %.0f people/s", st, d, float64(st.People)/d.Seconds())
}
