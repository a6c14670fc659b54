package units

import "testing"

func TestSearch(t *testing.T) {
	c := Default()
	tests := []struct {
		list  ListID
		query string
		limit int
		first string // code of the first hit
		min   int    // at least this many hits
	}{
		{List2025March, "yen bai", 0, "15", 1},
		{List2025July, "LÀO CAI", 1, "15", 1},
		{List2025March, "ba dinh", 0, "001", 2}, // district before the commune of the same name
		{List2025July, "ba đình", 0, "00004", 1},
		{List2025March, "truc bach", 5, "00004", 1},
		{List2025July, "dac khu", 0, "06994", 13}, // 13 special zones
	}
	for _, tt := range tests {
		got := c.Search(tt.list, tt.query, tt.limit)
		if len(got) < tt.min || len(got) == 0 || got[0].Code != tt.first {
			t.Errorf("Search(%s, %q) = %v, want first %s and at least %d", tt.list, tt.query, codes(got), tt.first, tt.min)
		}
		if tt.limit > 0 && len(got) > tt.limit {
			t.Errorf("Search(%s, %q, %d) returned %d", tt.list, tt.query, tt.limit, len(got))
		}
		for _, u := range got {
			if u.List != tt.list {
				t.Errorf("Search(%s) returned a unit of %s", tt.list, u.List)
			}
		}
	}
	for _, q := range []string{"", "   ", "zzzz qqqq"} {
		if got := c.Search(List2025July, q, 0); len(got) != 0 {
			t.Errorf("Search(%q) = %v, want none", q, codes(got))
		}
	}
	if got := c.Search("1999-01-01", "ha noi", 0); len(got) != 0 {
		t.Errorf("Search in an unknown list = %v", codes(got))
	}
}
