package pdate

import (
	"errors"
	"strings"
	"testing"
)

func TestParseValid(t *testing.T) {
	tests := []struct {
		in   string
		want Date
	}{
		{"", Date{}},
		{"   ", Date{}},
		{"2001", Date{2001, 0, 0}},
		{"2001-05", Date{2001, 5, 0}},
		{"2001-05-15", Date{2001, 5, 15}},
		{"15/05/2001", Date{2001, 5, 15}},
		{"05/2001", Date{2001, 5, 0}},
		{"  15/05/2001\t", Date{2001, 5, 15}},
		{"\n1948 ", Date{1948, 0, 0}},
		// Unpadded month/day are accepted (legacy data), see package doc.
		{"2001-5-3", Date{2001, 5, 3}},
		{"3/5/2001", Date{2001, 5, 3}},
		{"5/2001", Date{2001, 5, 0}},
		// Leap years: divisible by 4, except centuries not divisible by 400.
		{"29/02/2000", Date{2000, 2, 29}},
		{"2024-02-29", Date{2024, 2, 29}},
		{"30/04/1975", Date{1975, 4, 30}},
		{"31/12/2300", Date{2300, 12, 31}},
		{"1800", Date{1800, 0, 0}},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if err != nil {
			t.Errorf("Parse(%q): unexpected error %v", tc.in, err)
			continue
		}
		if got != tc.want {
			t.Errorf("Parse(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func TestParseInvalid(t *testing.T) {
	tests := []struct {
		in, part, msg string
	}{
		{"2001-13", "month", "month 13 out of range 1..12"},
		{"2001-00-10", "month", "month 00 out of range 1..12"},
		{"00/2001", "month", "month 00 out of range 1..12"},
		{"00/05/2001", "day", "day 00 out of range 1..31"},
		{"32/01/2001", "day", "day 32 out of range 1..31"},
		{"2001-02-30", "day", "day 30 does not exist in February 2001 (February has 28 days)"},
		{"29/02/2001", "day", "day 29 does not exist in February 2001 (2001 is not a leap year)"},
		{"29/02/1900", "day", "day 29 does not exist in February 1900 (1900 is not a leap year)"},
		{"31/04/2001", "day", "day 31 does not exist in April 2001 (April has 30 days)"},
		{"0999", "year", "year 0999 out of range 1800..2300"},
		{"2301-01", "year", "year 2301 out of range 1800..2300"},
		{"1799", "year", "year 1799 out of range 1800..2300"},
		{"hello", "format", `unrecognised date format "hello"; use YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY`},
		{"05/15/2001x", "format", "unrecognised date format"},
		{"2001/05/15", "format", "unrecognised date format"}, // year first with slashes
		{"15-05-2001", "format", "unrecognised date format"}, // day first with dashes
		{"15052001", "format", "unrecognised date format"},
		{"01", "format", "unrecognised date format"},
		{"20011", "format", "unrecognised date format"},
		{"2001-", "format", "unrecognised date format"},
		{"2001-05-", "format", "unrecognised date format"},
		{"2001-005", "format", "unrecognised date format"},
		{"2001-05/15", "format", "unrecognised date format"},
		{"1/2/3/2001", "format", "unrecognised date format"},
		{"+2001", "format", "unrecognised date format"},
		{"２００１", "format", "unrecognised date format"}, // full-width digits
		{"2001 -05", "format", "unrecognised date format"},
	}
	for _, tc := range tests {
		got, err := Parse(tc.in)
		if err == nil {
			t.Errorf("Parse(%q) = %+v, want error", tc.in, got)
			continue
		}
		var pe *ParseError
		if !errors.As(err, &pe) || !errors.Is(err, ErrInvalid) {
			t.Errorf("Parse(%q): error %v is not a *ParseError wrapping ErrInvalid", tc.in, err)
			continue
		}
		if pe.Part != tc.part {
			t.Errorf("Parse(%q): part %q, want %q (%v)", tc.in, pe.Part, tc.part, err)
		}
		if !strings.Contains(err.Error(), tc.msg) {
			t.Errorf("Parse(%q): error %q does not contain %q", tc.in, err, tc.msg)
		}
		if got != (Date{}) {
			t.Errorf("Parse(%q): got %+v with error, want zero Date", tc.in, got)
		}
	}
}

// Every day of every month over a 400-year Gregorian cycle must parse
// exactly when the calendar has it; this pins the leap-year rule.
func TestParseEveryDayOfCycle(t *testing.T) {
	for y := 2000; y < 2300; y++ {
		for m := 1; m <= 12; m++ {
			for d := 1; d <= 31; d++ {
				in := Date{y, m, d}.DDMMYYYY()
				_, err := Parse(in)
				exists := FromTime(Date{y, m, 1}.Earliest().AddDate(0, 0, d-1)).Month == m
				if (err == nil) != exists {
					t.Fatalf("Parse(%q): err=%v, calendar says exists=%v", in, err, exists)
				}
			}
		}
	}
}

func TestRoundTripString(t *testing.T) {
	for _, in := range []string{"1948", "1952-03", "2001-05-15", "15/05/2001", "3/5/2001", "05/2001", "29/02/2024"} {
		d := MustParse(in)
		again, err := Parse(d.String())
		if err != nil || again != d {
			t.Errorf("%q: Parse(%q) = %+v, %v; want %+v", in, d.String(), again, err, d)
		}
		again, err = Parse(d.DDMMYYYY())
		if err != nil || again != d {
			t.Errorf("%q: Parse(%q) = %+v, %v; want %+v", in, d.DDMMYYYY(), again, err, d)
		}
	}
}

func TestMustParsePanics(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Fatal("MustParse(\"31/04/2001\") did not panic")
		}
	}()
	MustParse("31/04/2001")
}
