package idnumber

import (
	"errors"
	"testing"
)

func TestCenturySexDigit(t *testing.T) {
	// Table 1.2 of domain.md: one row per century, boundary years included.
	rows := []struct {
		first, last  int
		male, female byte
	}{
		{1900, 1999, '0', '1'},
		{2000, 2099, '2', '3'},
		{2100, 2199, '4', '5'},
		{2200, 2299, '6', '7'},
		{2300, 2399, '8', '9'},
	}
	for _, r := range rows {
		for _, y := range []int{r.first, r.first + 50, r.last} {
			for sex, want := range map[Sex]byte{Male: r.male, Female: r.female} {
				got, err := CenturySexDigit(y, sex)
				if err != nil || got != want {
					t.Errorf("CenturySexDigit(%d, %v) = %q, %v; want %q", y, sex, got, err, want)
				}
				if year, s := decodeCenturySex(int(got-'0'), y%100); year != y || s != sex {
					t.Errorf("decode(%c, %02d) = %d, %v; want %d, %v", got, y%100, year, s, y, sex)
				}
			}
		}
	}
	for _, y := range []int{0, 1800, 1899, 2400, 9999, -1984} {
		if _, err := CenturySexDigit(y, Male); !errors.Is(err, ErrFormat) {
			t.Errorf("CenturySexDigit(%d) err = %v, want ErrFormat", y, err)
		}
	}
	for _, s := range []Sex{0, 3, -1} {
		if _, err := CenturySexDigit(1984, s); !errors.Is(err, ErrFormat) {
			t.Errorf("CenturySexDigit(1984, %v) err = %v, want ErrFormat", s, err)
		}
	}
}

func TestBlock(t *testing.T) {
	tests := []struct {
		prefix string
		year   int
		sex    Sex
		want   string
	}{
		{"087", 1984, Male, "087084"},
		{"001", 2001, Female, "001301"},
		{"096", 2300, Male, "096800"},
		{"999", 1905, Female, "999105"}, // unknown prefixes are allowed; see Block doc
	}
	for _, tc := range tests {
		got, err := Block(tc.prefix, tc.year, tc.sex)
		if err != nil || got != tc.want {
			t.Errorf("Block(%s, %d, %v) = %q, %v; want %q", tc.prefix, tc.year, tc.sex, got, err, tc.want)
		}
	}
	for _, bad := range []struct {
		prefix string
		year   int
		sex    Sex
	}{{"87", 1984, Male}, {"0870", 1984, Male}, {"08a", 1984, Male}, {"087", 1899, Male}, {"087", 1984, 0}} {
		if _, err := Block(bad.prefix, bad.year, bad.sex); !errors.Is(err, ErrFormat) {
			t.Errorf("Block(%q, %d, %v) err = %v, want ErrFormat", bad.prefix, bad.year, bad.sex, err)
		}
	}
}
