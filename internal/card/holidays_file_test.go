package card

import (
	"strings"
	"testing"

	"dancu/internal/pdate"
)

func TestLoadVietnamCalendarExtendsTheBuiltInList(t *testing.T) {
	cal, err := LoadVietnamCalendar(strings.NewReader("# 2028\n2028-01-26 Tết Nguyên đán\n\n+2028-01-29 make-up Saturday\n"))
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		day  pdate.Date
		work bool
	}{
		{pdate.Full(2028, 1, 26), false}, // loaded holiday (a Wednesday)
		{pdate.Full(2028, 1, 29), true},  // loaded make-up Saturday
		{pdate.Full(2026, 2, 17), false}, // built-in Tết stays
		{pdate.Full(2028, 1, 27), true},  // an ordinary Thursday
	} {
		if got := cal.IsWorkingDay(c.day); got != c.work {
			t.Errorf("%s working = %v, want %v", c.day, got, c.work)
		}
	}
}

func TestParseHolidaysRejectsBadLines(t *testing.T) {
	for _, in := range []string{"2028-13-01 x", "2028 Tết", "+2028-02 x"} {
		if _, _, err := ParseHolidays(strings.NewReader(in)); err == nil || !strings.Contains(err.Error(), "line 1") {
			t.Errorf("%q: err = %v, want a line-1 error", in, err)
		}
	}
}

func FuzzParseHolidays(f *testing.F) {
	f.Add("2028-01-26 Tết\n+2028-01-29 bù\n# c\n")
	f.Fuzz(func(t *testing.T, s string) {
		hs, mk, err := ParseHolidays(strings.NewReader(s))
		if err != nil {
			return
		}
		if _, err := NewCalendar(hs, mk); err != nil {
			t.Fatalf("parsed list does not build a calendar: %v", err)
		}
	})
}
