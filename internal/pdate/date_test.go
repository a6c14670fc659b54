package pdate

import (
	"errors"
	"testing"
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
