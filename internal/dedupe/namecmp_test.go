package dedupe

import "testing"

func TestCompareNames(t *testing.T) {
	tests := []struct {
		a, b string
		want NameOutcome
	}{
		{"Nguyễn Văn Hùng", "NGUYEN VAN HUNG", NameExact},
		{"Nguyễn Văn Hùng", "nguyễn  văn   hùng", NameExact},
		{"Nguyễn Văn Hùng", "Nguyễn Hùng", NameMiddleDropped},
		{"Nguyễn Thị Như Quỳnh", "Nguyễn Như Quỳnh", NameMiddleDropped},
		{"Hồ Thị Anh", "Hồ Mộng Anh", NameMiddleDiffer},
		{"Nguyễn Văn Hùng", "Nguyễn Văn Hunh", NameTypo},
		{"Nguyễn Văn Hùng", "Nguyễn Văn Hugn", NameTypo},
		{"Nguyễn Văn Hùng", "Nguyễn Văn Hùn", NameTypo},
		{"Nguyễn Văn Hùng", "Nguyen Vna Hung", NameTypo},
		{"Nguyễn Văn Hùng", "Nguyễn Hùnh", NameTypoMiddleChanged},
		{"Nguyễn Văn Hùng", "Hùng Nguyễn Văn", NameReordered},
		{"Nguyễn Văn Hùng", "Nguyễn Văn Dũng", NameTypo}, // h→d: one edit, weighed by how near names are
		{"Nguyễn Văn Hùng", "Nguyễn Văn Thắng", NameDiffer},
		{"Nguyễn Văn Hùng", "Trần Văn Minh", NameDiffer},
		{"Nguyễn Văn Hùng", "", NameMissing},
		// Spelt by ear (soundKey): the same sound counts as no slip, so a
		// name may also carry one typo, or lose its middle name.
		{"Trần Văn Trung", "Chần Văn Chung", NameTypo},
		{"Dương Xuân Hậu", "Giương Xuân Hâu", NameTypo},
		{"Dương Xuân Hậu", "Giương Xuân Hua", NameTypo},
		{"Trần Thị Ngọc", "Chần Ngọc", NameMiddleDropped},
		{"Lê Thị Vy", "Lê Vi", NameMiddleDropped},
		{"Nguyễn Thị Ngọc", "Nguyễn Ngoc", NameMiddleDropped},
		{"Nguyễn Thị Ngọc", "Nguyễn Ngọt", NameTypoMiddleChanged},
		// Abbreviated on a handwritten list: a surname or middle name,
		// never the given name.
		{"Nguyễn Văn An", "Ng. Văn An", NameTypo},
		{"Nguyễn Thị Lan", "Nguyễn T. Lan", NameTypo},
		{"Nguyễn Văn Anh", "Nguyễn Văn A.", NameDiffer},
	}
	for _, tt := range tests {
		if got := CompareNames(ParseName(tt.a), ParseName(tt.b)); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %s, want %s", tt.a, tt.b, got, tt.want)
		}
		if got := CompareNames(ParseName(tt.b), ParseName(tt.a)); got != tt.want {
			t.Errorf("CompareNames(%q, %q) = %s, want %s (symmetry)", tt.b, tt.a, got, tt.want)
		}
	}
}

func TestWithinOneEdit(t *testing.T) {
	tests := []struct {
		a, b string
		want bool
	}{
		{"hung", "hung", true}, {"hung", "hunh", true}, {"hung", "hugn", true}, {"hung", "hun", true},
		{"hung", "huung", true}, {"hung", "hnug", true}, {"hung", "hnag", false}, {"hung", "thang", false},
		{"", "a", true}, {"ab", "ba", true}, {"abc", "cab", false},
	}
	for _, tt := range tests {
		if got := withinOneEdit(tt.a, tt.b); got != tt.want {
			t.Errorf("withinOneEdit(%q, %q) = %v, want %v", tt.a, tt.b, got, tt.want)
		}
	}
}

func FuzzCompareNames(f *testing.F) {
	f.Add("Nguyễn Văn Hùng", "Hùng Nguyễn Văn")
	f.Add("H'Hen Niê", "hhen nie")
	f.Add("", " ")
	f.Fuzz(func(t *testing.T, a, b string) {
		na, nb := ParseName(a), ParseName(b)
		for _, tok := range append(na.Tokens, nb.Tokens...) {
			if tok == "" {
				t.Fatalf("empty token from %q / %q", a, b)
			}
		}
		ab, ba := CompareNames(na, nb), CompareNames(nb, na)
		if ab != ba {
			t.Fatalf("not symmetric: %q %q: %s vs %s", a, b, ab, ba)
		}
		if !na.IsZero() && CompareNames(na, na) != NameExact {
			t.Fatalf("%q not exact with itself", a)
		}
		if withinOneEdit(na.Full(), nb.Full()) != withinOneEdit(nb.Full(), na.Full()) {
			t.Fatalf("withinOneEdit not symmetric on %q %q", a, b)
		}
	})
}
