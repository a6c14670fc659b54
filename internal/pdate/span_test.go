package pdate

import (
	"math"
	"slices"
	"testing"
	"time"
)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

func TestEarliestLatest(t *testing.T) {
	tests := []struct {
		in             string
		earliest, last time.Time
	}{
		{"2001", day(2001, 1, 1), day(2001, 12, 31)},
		{"2001-02", day(2001, 2, 1), day(2001, 2, 28)},
		{"2000-02", day(2000, 2, 1), day(2000, 2, 29)},
		{"1900-02", day(1900, 2, 1), day(1900, 2, 28)},
		{"2001-04", day(2001, 4, 1), day(2001, 4, 30)},
		{"2001-12", day(2001, 12, 1), day(2001, 12, 31)},
		{"2001-05-15", day(2001, 5, 15), day(2001, 5, 15)},
	}
	for _, tc := range tests {
		d := MustParse(tc.in)
		if got := d.Earliest(); !got.Equal(tc.earliest) || got.Location() != time.UTC {
			t.Errorf("%s.Earliest() = %v, want %v", tc.in, got, tc.earliest)
		}
		if got := d.Latest(); !got.Equal(tc.last) || got.Location() != time.UTC {
			t.Errorf("%s.Latest() = %v, want %v", tc.in, got, tc.last)
		}
	}
	var zero Date
	if !zero.Earliest().IsZero() || !zero.Latest().IsZero() {
		t.Error("zero Date: Earliest/Latest should be the zero time")
	}
}

func TestTimeOnlyForFullDates(t *testing.T) {
	if tm, ok := MustParse("2001-05-15").Time(); !ok || !tm.Equal(day(2001, 5, 15)) {
		t.Errorf("full date Time() = %v, %v", tm, ok)
	}
	for _, in := range []string{"", "2001", "2001-05"} {
		if _, ok := MustParse(in).Time(); ok {
			t.Errorf("%q.Time() ok = true, want false", in)
		}
	}
}

func TestFromTimeUsesLocation(t *testing.T) {
	hcm := time.FixedZone("ICT", 7*3600)
	instant := time.Date(2001, 5, 14, 20, 0, 0, 0, time.UTC) // 03:00 on 15 May in Vietnam
	if got := FromTime(instant); got != Full(2001, 5, 14) {
		t.Errorf("FromTime(UTC) = %v", got)
	}
	if got := FromTime(instant.In(hcm)); got != Full(2001, 5, 15) {
		t.Errorf("FromTime(ICT) = %v", got)
	}
}

func TestContains(t *testing.T) {
	d := MustParse("2001-02")
	for tm, want := range map[time.Time]bool{
		day(2001, 1, 31): false,
		day(2001, 2, 1):  true,
		time.Date(2001, 2, 28, 23, 59, 0, 0, time.UTC): true,
		day(2001, 3, 1): false,
	} {
		if got := d.Contains(tm); got != want {
			t.Errorf("2001-02.Contains(%v) = %v, want %v", tm, got, want)
		}
	}
	if (Date{}).Contains(day(2001, 1, 1)) {
		t.Error("zero Date contains nothing")
	}
}

func TestCompare(t *testing.T) {
	sorted := []Date{{}, MustParse("1999-12-31"), MustParse("2001"), MustParse("2001-01"), MustParse("2001-01-01"),
		MustParse("2001-01-02"), MustParse("2001-02"), MustParse("2001-02-01"), MustParse("2002")}
	shuffled := slices.Clone(sorted)
	slices.Reverse(shuffled)
	slices.SortFunc(shuffled, Date.Compare)
	if !slices.Equal(shuffled, sorted) {
		t.Errorf("sorted = %v, want %v", shuffled, sorted)
	}
	for i, a := range sorted {
		for j, b := range sorted {
			want := 0
			if i < j {
				want = -1
			} else if i > j {
				want = 1
			}
			if got := a.Compare(b); got != want {
				t.Errorf("%q.Compare(%q) = %d, want %d", a, b, got, want)
			}
		}
	}
}

func TestAgeAt(t *testing.T) {
	tests := []struct {
		birth    string
		at       time.Time
		min, max int
	}{
		{"2001-05-15", day(2019, 5, 14), 17, 17},
		{"2001-05-15", day(2019, 5, 15), 18, 18},
		{"2001-05-15", time.Date(2019, 5, 15, 23, 59, 0, 0, time.UTC), 18, 18},
		{"2001-05", day(2019, 5, 10), 17, 18},
		{"2001-05", day(2019, 6, 1), 18, 18},
		{"2001", day(2019, 6, 1), 17, 18},
		{"2001", day(2019, 12, 31), 18, 18},
		{"2001", day(2020, 1, 1), 18, 19},
		// Born 29 Feb: a year older on 1 March in common years.
		{"2000-02-29", day(2001, 2, 28), 0, 0},
		{"2000-02-29", day(2001, 3, 1), 1, 1},
		{"2000-02-29", day(2004, 2, 29), 4, 4},
		// Before birth: negative, so "min >= 14" stays a safe test.
		{"2001", day(2001, 6, 1), -1, 0},
		{"2001-05-15", day(2000, 5, 15), -1, -1},
	}
	for _, tc := range tests {
		lo, hi := MustParse(tc.birth).AgeAt(tc.at)
		if lo != tc.min || hi != tc.max {
			t.Errorf("%s.AgeAt(%s) = (%d, %d), want (%d, %d)", tc.birth, tc.at.Format(time.DateOnly), lo, hi, tc.min, tc.max)
		}
	}
	if lo, hi := (Date{}).AgeAt(day(2020, 1, 1)); lo != 0 || hi != math.MaxInt {
		t.Errorf("zero Date AgeAt = (%d, %d), want (0, MaxInt)", lo, hi)
	}
}
