package dedupe

import "testing"

// withinOneEditRunes is the rune-wise definition the ASCII fast path must
// agree with.
func withinOneEditRunes(a, b string) bool {
	ra, rb := []rune(a), []rune(b)
	if len(ra) < len(rb) {
		ra, rb = rb, ra
	}
	switch len(ra) - len(rb) {
	case 0:
		return sameLengthOneEdit(ra, rb)
	case 1:
		return oneDeletion(ra, rb)
	}
	return false
}

func FuzzWithinOneEditASCII(f *testing.F) {
	for _, s := range [][2]string{{"hung", "hugn"}, {"anh", "an"}, {"", "a"}, {"ab", "ba"}, {"abc", "abd"}, {"hùng", "hung"}, {"", ""}} {
		f.Add(s[0], s[1])
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		if got, want := withinOneEdit(a, b), withinOneEditRunes(a, b); got != want {
			t.Fatalf("withinOneEdit(%q, %q) = %v, rune-wise %v", a, b, got, want)
		}
	})
}
