package units

import (
	"sync"
	"testing"
)

// BenchmarkDefaultLoad measures a fresh parse of the embedded data, which is
// what the first Default call costs.
func BenchmarkDefaultLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadEmbedded(); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkContains(b *testing.B) {
	c := Default()
	for b.Loop() {
		if !c.Contains(List2025March, "01", "00004") {
			b.Fatal("not contained")
		}
	}
}

func BenchmarkLookup(b *testing.B) {
	c := Default()
	for b.Loop() {
		if _, ok := c.Lookup(List2025July, "32248"); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkSearch(b *testing.B) {
	c := Default()
	c.Search(List2025July, "x", 1) // build the index outside the loop
	for b.Loop() {
		c.Search(List2025July, "phu", 20)
	}
}

// Default and Search are shared; run with -race to check.
func TestConcurrentUse(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := Default()
			c.Search(List2025July, "ha noi", 3)
			c.Contains(List2025March, "01", "00004")
			c.Successors("00001")
		}()
	}
	wg.Wait()
}
