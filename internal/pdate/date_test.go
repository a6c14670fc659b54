package pdate

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestPrecisionAndFormats(t *testing.T) {
	tests := []struct {
		d       Date
		p       Precision
		iso, vn string
	}{
		{Date{}, None, "", ""},
		{Date{2001, 0, 0}, Year, "2001", "2001"},
		{Date{2001, 5, 0}, Month, "2001-05", "05/2001"},
		{Date{2001, 5, 15}, Day, "2001-05-15", "15/05/2001"},
	}
	for _, tc := range tests {
		if got := tc.d.Precision(); got != tc.p {
			t.Errorf("%+v.Precision() = %v, want %v", tc.d, got, tc.p)
		}
		if got := tc.d.String(); got != tc.iso {
			t.Errorf("%+v.String() = %q, want %q", tc.d, got, tc.iso)
		}
		if got := tc.d.DDMMYYYY(); got != tc.vn {
			t.Errorf("%+v.DDMMYYYY() = %q, want %q", tc.d, got, tc.vn)
		}
		if tc.d.IsZero() != (tc.p == None) {
			t.Errorf("%+v.IsZero() = %v", tc.d, tc.d.IsZero())
		}
	}
	for p, want := range map[Precision]string{None: "none", Year: "year", Month: "month", Day: "day", 7: "Precision(7)"} {
		if p.String() != want {
			t.Errorf("Precision(%d).String() = %q, want %q", int(p), p.String(), want)
		}
	}
}

func TestNewAndValidate(t *testing.T) {
	valid := []Date{{}, {1900, 0, 0}, {1900, 2, 0}, {2000, 2, 29}}
	for _, d := range valid {
		if _, err := New(d.Year, d.Month, d.Day); err != nil {
			t.Errorf("New(%+v): %v", d, err)
		}
	}
	invalid := []Date{{1900, 2, 29}, {2001, 0, 5}, {2001, 13, 0}, {2001, -1, 0}, {1799, 1, 1}, {0, 1, 1}, {2001, 4, 31}, {2001, 1, -1}}
	for _, d := range invalid {
		if _, err := New(d.Year, d.Month, d.Day); !errors.Is(err, ErrInvalid) {
			t.Errorf("New(%+v): err = %v, want ErrInvalid", d, err)
		}
	}
}

func TestFullPanicsOnPartialOrInvalid(t *testing.T) {
	for _, args := range [][3]int{{2001, 0, 0}, {2001, 5, 0}, {2001, 2, 29}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Full%v did not panic", args)
				}
			}()
			Full(args[0], args[1], args[2])
		}()
	}
	if got := Full(2001, 5, 15); got != (Date{2001, 5, 15}) {
		t.Errorf("Full(2001,5,15) = %+v", got)
	}
}

// TestFastPathsMatchFmt compares Validate's and String's fast paths with
// the formatted forms they replaced, over every month and day of a span
// of years around the range's edges and leap years, and odd parts.
func TestFastPathsMatchFmt(t *testing.T) {
	slow := func(d Date) string {
		switch d.Precision() {
		case None:
			return ""
		case Year:
			return fmt.Sprintf("%04d", d.Year)
		case Month:
			return fmt.Sprintf("%04d-%02d", d.Year, d.Month)
		default:
			return fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day)
		}
	}
	// slowValid is Validate's rule written out: a real (partial) date
	// within the range.
	slowValid := func(d Date) bool {
		if d.IsZero() {
			return true
		}
		if d.Year < MinYear || d.Year > MaxYear || d.Month < 0 || d.Month > 12 || d.Month == 0 && d.Day != 0 {
			return false
		}
		if d.Month == 0 || d.Day == 0 {
			return true
		}
		return d.Day >= 1 && time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC).Day() == d.Day
	}
	years := []int{-12, 0, 7, 99, 1799, 1800, 1900, 1999, 2000, 2023, 2024, 2100, 2300, 2301, 9999, 12345}
	for _, y := range years {
		for m := -1; m <= 13; m++ {
			for day := -1; day <= 32; day++ {
				d := Date{Year: y, Month: m, Day: day}
				if got, want := d.String(), slow(d); got != want {
					t.Errorf("%#v.String() = %q, want %q", d, got, want)
				}
				if got, want := d.Validate() == nil, slowValid(d); got != want {
					t.Errorf("%#v.Validate() ok = %v, want %v (%v)", d, got, want, d.Validate())
				}
			}
		}
	}
}
