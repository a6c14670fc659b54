package card

import (
	"errors"
	"strings"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// specCard is the fictitious holder of the synthetic example in domain.md §3.1.
func specCard() Card {
	return Card{
		Number:     "001201012345",
		FullName:   "Nguyễn Văn An",
		BirthDate:  pdate.Full(2001, 5, 15),
		Sex:        person.Male,
		Regime:     Regime2014,
		IssueDate:  pdate.Full(2021, 10, 10),
		ExpiryDate: pdate.Full(2026, 5, 15),
	}
}

func TestBuildMRZSpecExample(t *testing.T) {
	want := "IDVNM2010123458001201012345<<9\n" +
		"0105156M2605155VNM<<<<<<<<<<<6\n" +
		"NGUYEN<<VAN<AN<<<<<<<<<<<<<<<<"
	got, err := BuildMRZ(specCard())
	if err != nil {
		t.Fatal(err)
	}
	if got.String() != want {
		t.Errorf("BuildMRZ =\n%s\nwant\n%s", got, want)
	}
}

func TestMRZCheckDigit(t *testing.T) {
	tests := []struct{ in, want string }{
		{"201012345", "8"},
		{"001201012345", "9"},
		{"010515", "6"},
		{"260515", "5"},
		{"<<<<<<", "0"},
		{"D23145890", "7"}, // ICAO 9303-5 specimen document number
		{"740812", "2"},
		{"120415", "9"},
		{"AB<", "3"}, // 10*7 + 11*3 = 103
	}
	for _, tc := range tests {
		if got := string(mrzCheckDigit(tc.in)); got != tc.want {
			t.Errorf("mrzCheckDigit(%q) = %s, want %s", tc.in, got, tc.want)
		}
	}
}

func TestMRZName(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"simple", "Nguyễn Văn An", "NGUYEN<<VAN<AN"},
		{"đ and horns", "Đặng Thị Thu Hương", "DANG<<THI<THU<HUONG"},
		{"lower-case đ", "đỗ đức", "DO<<DUC"},
		{"surname only", "Lò", "LO"},
		{"extra spaces", "  Trần   Quốc  Toản ", "TRAN<<QUOC<TOAN"},
		{"apostrophe dropped", "H'Hen Niê", "HHEN<<NIE"},
		{"hyphen separates", "Lê Thị-Mai", "LE<<THI<MAI"},
		{"decomposed input (NFD)", "Nguye\u0302\u0303n Va\u0306n An", "NGUYEN<<VAN<AN"},
		{"exactly 30", "Nguyễn Thị Hoàng Phượng Thanh", "NGUYEN<<THI<HOANG<PHUONG<THANH"},
		{"truncated: last components to initials, then the one before",
			"Nguyễn Thị Hoàng Phương Thảo Nguyên Bảo Ngọc", "NGUYEN<<THI<HOANG<PHUO<T<N<B<N"},
		{"truncated: last component shortened only",
			"Tôn Nữ Thị Phương Thảo Nguyênxxxxxxx", "TON<<NU<THI<PHUONG<THAO<NGUYEN"},
		{"all initials still too long: hard cut",
			"Aaaaaaaaaaaaaaaaaaaaaaaa B C D E F", "AAAAAAAAAAAAAAAAAAAAAAAA<<B<C"},
		{"no letters", "123", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := mrzName(tc.in, MRZLineLen)
			want := padMRZ(tc.want, MRZLineLen)
			if got != want {
				t.Errorf("mrzName(%q) =\n %s\nwant\n %s", tc.in, got, want)
			}
			if len(tc.want) == MRZLineLen && got[MRZLineLen-1] == '<' {
				t.Errorf("truncated name ends in a filler: %s", got)
			}
		})
	}
}

func TestBuildMRZPartialAndLifetime(t *testing.T) {
	tests := []struct {
		name         string
		birth        pdate.Date
		expiry       pdate.Date
		wantL2Prefix string
	}{
		{"year only", pdate.Date{Year: 1948}, pdate.Date{}, "48<<<<2M<<<<<<0VNM"},
		{"year and month", pdate.Date{Year: 1952, Month: 3}, pdate.Date{}, "5203<<2M<<<<<<0VNM"},
		{"full, lifetime", pdate.Full(1950, 1, 2), pdate.Date{}, "5001024M<<<<<<0VNM"},
		{"full, 60th birthday", pdate.Full(1970, 12, 31), pdate.Full(2030, 12, 31), "7012314M3012316VNM"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := specCard()
			c.Number = "001048012345"
			c.BirthDate, c.ExpiryDate = tc.birth, tc.expiry
			m, err := BuildMRZ(c)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(m[1], tc.wantL2Prefix) {
				t.Errorf("line 2 = %s, want prefix %s", m[1], tc.wantL2Prefix)
			}
			back, err := ParseMRZ(m.String())
			if err != nil {
				t.Fatalf("ParseMRZ(%s): %v", m, err)
			}
			if back.BirthDate != tc.birth || back.ExpiryDate != tc.expiry {
				t.Errorf("parsed birth %v expiry %v, want %v %v", back.BirthDate, back.ExpiryDate, tc.birth, tc.expiry)
			}
		})
	}
}

func TestBuildMRZRejects(t *testing.T) {
	tests := []struct {
		name string
		edit func(*Card)
	}{
		{"short number", func(c *Card) { c.Number = "00120101234" }},
		{"letter in number", func(c *Card) { c.Number = "00120101234X" }},
		{"no birth date", func(c *Card) { c.BirthDate = pdate.Date{} }},
		{"invalid birth date", func(c *Card) { c.BirthDate = pdate.Date{Year: 2001, Month: 2, Day: 30} }},
		{"partial expiry", func(c *Card) { c.ExpiryDate = pdate.Date{Year: 2026} }},
		{"no name", func(c *Card) { c.FullName = " " }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			c := specCard()
			tc.edit(&c)
			if _, err := BuildMRZ(c); !errors.Is(err, ErrMRZ) {
				t.Errorf("err = %v, want ErrMRZ", err)
			}
		})
	}
}
