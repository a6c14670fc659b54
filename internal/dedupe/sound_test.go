package dedupe

import "testing"

func TestSoundKeyMergesRegionalSpellings(t *testing.T) {
	for _, c := range []struct {
		a, b  string
		alike bool
	}{
		{"dung", "giung", true},
		{"dung", "rung", true},
		{"giang", "dang", true},
		{"trung", "chung", true},
		{"sinh", "xinh", true},
		{"lan", "nan", true},
		{"vy", "vi", true},
		{"quy", "qui", true},
		{"thuy", "thui", true},
		{"nghia", "ngia", true},
		{"nguyen", "nguyen", true},
		{"nga", "la", false},     // ng is not n
		{"nhung", "lung", false}, // nh is not n
		{"gia", "da", true},
		{"gin", "din", false}, // gi before a consonant is g + i
		{"hung", "hong", false},
		{"an", "anh", false},
		{"minh", "linh", false},
	} {
		if got := soundsAlike(c.a, c.b); got != c.alike {
			t.Errorf("soundsAlike(%s, %s) = %v, want %v", c.a, c.b, got, c.alike)
		}
		if got := soundKey(c.a) == soundKey(c.b); got != c.alike {
			t.Errorf("soundKey(%s)=%s, soundKey(%s)=%s: equal %v, want %v", c.a, soundKey(c.a), c.b, soundKey(c.b), got, c.alike)
		}
	}
}
