package registry

import (
	"fmt"
	"testing"
)

func TestNumberSetTellsNumbersApart(t *testing.T) {
	s := newNumberSet()
	in := []string{"042090000123", "42090000123", "0", "00", "99999999999999999", "999999999999999999", "04209000012X", "123456789"}
	for _, n := range in {
		if s.has(n) {
			t.Fatalf("%q found before it was added", n)
		}
		s.add(n)
		if !s.has(n) {
			t.Fatalf("%q not found after it was added", n)
		}
	}
	for _, n := range []string{"042090000124", "0042090000123", "000", "04209000012Y", "", "12345678"} {
		if s.has(n) {
			t.Errorf("%q found but never added", n)
		}
	}
	if len(s.packed)+len(s.other) != len(in) {
		t.Errorf("%d entries for %d distinct numbers", len(s.packed)+len(s.other), len(in))
	}
}

func FuzzNumberSet(f *testing.F) {
	f.Add("042090000123", "42090000123")
	f.Add("1", "01")
	f.Fuzz(func(t *testing.T, a, b string) {
		s := newNumberSet()
		s.add(a)
		if !s.has(a) {
			t.Fatalf("%q lost", a)
		}
		if s.has(b) != (a == b) {
			t.Fatalf("add(%q): has(%q) = %v", a, b, s.has(b))
		}
	})
}

func BenchmarkNumberSetAdd(b *testing.B) {
	s := newNumberSet()
	i := 0
	for b.Loop() {
		s.add(fmt.Sprintf("0420%08d", i))
		i++
	}
}
