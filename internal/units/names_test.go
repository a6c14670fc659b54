package units

import (
	"testing"

	"dancu/internal/textfold"
)

// cleanName must agree with textfold.Clean; its fast path only skips work.
func TestCleanName(t *testing.T) {
	inputs := []string{
		"", "Ba Đình", "Phường Trúc Bạch", " Ba Đình", "Ba Đình ", "Ba  Đình", "Ba\tĐình",
		"Ba \u0110i\u0300nh",                       // decomposed
		"Ha\u0300 N\u00f4\u0323i",                  // partly decomposed
		"Xã Ia RVê", "Bà Rịa - Vũng Tàu", "\u212b", // Angstrom sign, not NFC
	}
	c := Default()
	for _, l := range c.Lists() {
		for _, p := range c.Provinces(l) {
			inputs = append(inputs, p.Name, p.FullName)
			for _, u := range c.Communes(l, p.Code) {
				inputs = append(inputs, u.Name, u.FullName)
			}
		}
	}
	for _, s := range inputs {
		if got, want := cleanName(s), textfold.Clean(s); got != want {
			t.Errorf("cleanName(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestMayFoldEqual(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"Phường Yên Hòa", "Phường Yên Hoà", true},
		{"Xã Ia RVê", "Xã Ia Rvê", true},
		{"Phường Sa Pa", "Phường Sa Pả", true},
		{"Phường 13", "Phường 14", false},
		{"Xã Nghĩa Minh", "Xã Nghĩa Lợi", false},
		{"Xã An", "Xã Anh", false},
	}
	for _, tt := range tests {
		if got := mayFoldEqual(tt.a, tt.b); got != tt.want {
			t.Errorf("mayFoldEqual(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
		// It must never rule out a pair that folds equal.
		if textfold.Fold(tt.a) == textfold.Fold(tt.b) && !mayFoldEqual(tt.a, tt.b) {
			t.Errorf("mayFoldEqual(%q, %q) = false for equal folds", tt.a, tt.b)
		}
	}
}
