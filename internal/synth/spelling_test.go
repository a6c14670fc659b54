package synth

import (
	"math/rand/v2"
	"testing"
)

// Each regional spelling confusion the duplicate generator claims to make
// is made, in the word's own case, and a word none applies to is kept.
func TestMisspellMakesRegionalSpellings(t *testing.T) {
	for _, c := range []struct {
		word string
		want []string
	}{
		{"Giang", []string{"Dang", "Rang"}},
		{"Dũng", []string{"Giũng", "Rũng"}},
		{"Trung", []string{"Chung"}},
		{"CHÂU", []string{"TRÂU"}},
		{"Sơn", []string{"Xơn"}},
		{"Lan", []string{"Nan"}},
		{"Vy", []string{"Vi"}},
		{"Quý", []string{"Quí"}},
		{"Nguyễn", nil},
		{"Anh", nil},
	} {
		seen := map[string]bool{}
		r := rand.New(rand.NewPCG(1, 2))
		for range 50 {
			if w, ok := misspell(r, c.word); ok {
				seen[w] = true
			} else if c.want != nil {
				t.Fatalf("%s: no misspelling", c.word)
			}
		}
		for _, w := range c.want {
			if !seen[w] {
				t.Errorf("%s: never %s (saw %v)", c.word, w, seen)
			}
		}
		if c.want == nil && len(seen) > 0 {
			t.Errorf("%s misspelt as %v", c.word, seen)
		}
	}
}

func TestRetoneChangesOnlyTheTone(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		for _, w := range []string{"Hùng", "Lan", "Thủy", "Ngọc"} {
			got := retone(r, w)
			if got == w {
				continue
			}
			if stripDiacritics(got) != stripDiacritics(w) {
				t.Fatalf("retone(%s) = %s changed more than the tone", w, got)
			}
		}
	}
}
