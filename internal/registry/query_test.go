package registry

import (
	"testing"
	"unicode/utf8"
)

func TestParseSearch(t *testing.T) {
	tests := []struct {
		in       string
		name     string
		year     int
		fullDate string
	}{
		{"nguyen van hung 1990", "nguyen van hung", 1990, ""},
		{"Nguyễn Văn Hùng 15/05/1990", "nguyen van hung", 1990, "1990-05-15"},
		{"  ĐẶNG  thị ", "dang thi", 0, ""},
		{"1990", "", 1990, ""},
		{"hung 2001-03", "hung", 2001, "2001-03"},
		{"nguyen 1234", "nguyen 1234", 0, ""}, // not a plausible birth year
	}
	for _, tt := range tests {
		q := ParseSearch(tt.in)
		if q.Name != tt.name || q.BirthYear != tt.year || q.BirthDate.String() != tt.fullDate {
			t.Errorf("ParseSearch(%q) = %q/%d/%q, want %q/%d/%q", tt.in, q.Name, q.BirthYear, q.BirthDate, tt.name, tt.year, tt.fullDate)
		}
	}
}

func FuzzParseSearch(f *testing.F) {
	for _, s := range []string{"nguyen van hung 1990", "15/05/1990", "Đỗ 2001-02-29", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseSearch(s)
		if utf8.ValidString(s) && !utf8.ValidString(q.Name) {
			t.Fatalf("invalid UTF-8 name from %q", s)
		}
		if q.BirthYear != 0 && (q.BirthYear < 1800 || q.BirthYear > 2300) {
			t.Fatalf("birth year %d from %q", q.BirthYear, s)
		}
	})
}
