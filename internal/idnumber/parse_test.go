package idnumber

import (
	"errors"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	tests := []struct {
		in   string
		want Parts
	}{
		// Worked example from TT 07/2016 as quoted in domain.md §1.2.
		{"087084000999", Parts{Prefix: "087", BirthYear: 1984, Sex: Male, Serial: "000999", KnownProvince: true, ProvinceName: "Đồng Tháp"}},
		{"001301012345", Parts{Prefix: "001", BirthYear: 2001, Sex: Female, Serial: "012345", KnownProvince: true, ProvinceName: "Hà Nội"}},
		{"079200999999", Parts{Prefix: "079", BirthYear: 2000, Sex: Male, Serial: "999999", KnownProvince: true, ProvinceName: "Hồ Chí Minh"}},
		{"096999000001", Parts{Prefix: "096", BirthYear: 2399, Sex: Female, Serial: "000001", KnownProvince: true, ProvinceName: "Cà Mau"}},
		// Unknown prefix: not an error, may be a country code.
		{"999084123456", Parts{Prefix: "999", BirthYear: 1984, Sex: Male, Serial: "123456"}},
		{"003184123456", Parts{Prefix: "003", BirthYear: 1984, Sex: Female, Serial: "123456"}},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%s): %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Parse(%s) = %+v, want %+v", tc.in, got, tc.want)
		}
		if got.String() != tc.in {
			t.Errorf("Parse(%s).String() = %s", tc.in, got.String())
		}
		if got.Block() != tc.in[:6] {
			t.Errorf("Parse(%s).Block() = %s", tc.in, got.Block())
		}
		if !Valid(tc.in) {
			t.Errorf("Valid(%s) = false", tc.in)
		}
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct{ in, msg string }{
		{"", "got 0 bytes"},
		{"08708400099", "got 11 bytes"},
		{"0870840009990", "got 13 bytes"},
		{" 87084000999", "non-digit at position 1"},
		{"087084000999 ", "got 13 bytes"},
		{"087-84000999", "non-digit at position 4"},
		{"08708400099a", "non-digit at position 12"},
		{"08708400099٩", "got 13 bytes"}, // Arabic-Indic digit is 2 bytes
		{"087084000000", "serial 000000"},
	}
	for _, tc := range tests {
		_, err := Parse(tc.in)
		if !errors.Is(err, ErrFormat) {
			t.Errorf("Parse(%q): err = %v, want ErrFormat", tc.in, err)
			continue
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Parse(%q): %q does not contain %q", tc.in, err, tc.msg)
		}
		if len(tc.in) == Len && strings.Contains(err.Error(), tc.in) {
			t.Errorf("Parse(%q): error repeats the number: %v", tc.in, err)
		}
		if Valid(tc.in) {
			t.Errorf("Valid(%q) = true", tc.in)
		}
	}
}

func TestProvincePrefixes(t *testing.T) {
	if len(provincePrefixes) != 63 {
		t.Fatalf("%d province prefixes, want 63", len(provincePrefixes))
	}
	for p, name := range provincePrefixes {
		if len(p) != 3 || p[0] != '0' || !allDigits(p) || name == "" {
			t.Errorf("bad entry %q: %q", p, name)
		}
	}
	// Codes reused with another meaning after the 2025 merger keep the old one.
	for p, want := range map[string]string{"015": "Yên Bái", "024": "Bắc Giang", "082": "Tiền Giang", "091": "Kiên Giang"} {
		if got, ok := ProvinceName(p); !ok || got != want {
			t.Errorf("ProvinceName(%s) = %q, %v; want %q", p, got, ok, want)
		}
	}
	for _, p := range []string{"003", "013", "097", "999", "87", ""} {
		if KnownPrefix(p) {
			t.Errorf("KnownPrefix(%q) = true", p)
		}
	}
}

func TestSexStrings(t *testing.T) {
	for s, want := range map[Sex][2]string{Male: {"male", "Nam"}, Female: {"female", "Nữ"}, 0: {"unknown", "không rõ"}, 5: {"Sex(5)", "không rõ"}} {
		if s.String() != want[0] || s.Vietnamese() != want[1] {
			t.Errorf("Sex(%d): %q/%q, want %q/%q", int(s), s.String(), s.Vietnamese(), want[0], want[1])
		}
	}
}
