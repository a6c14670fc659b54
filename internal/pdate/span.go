package pdate

import (
	"math"
	"time"
)

// Earliest returns midnight UTC of the first day d can denote: 1 January for
// a year-only date, the 1st for a year+month date, the day itself otherwise.
// For the zero Date it returns the zero time.Time, which sorts first.
func (d Date) Earliest() time.Time {
	switch d.Precision() {
	case None:
		return time.Time{}
	case Year:
		return time.Date(d.Year, time.January, 1, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(d.Year, time.Month(d.Month), 1, 0, 0, 0, 0, time.UTC)
	default:
		return time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	}
}

// Latest returns midnight UTC at the start of the last day d can denote
// (31 December, the month's last day, or the day itself). It is a day, not
// an instant bound: to test an instant use Contains. For the zero Date it
// returns the zero time.Time.
func (d Date) Latest() time.Time {
	switch d.Precision() {
	case None:
		return time.Time{}
	case Year:
		return time.Date(d.Year, time.December, 31, 0, 0, 0, 0, time.UTC)
	case Month:
		return time.Date(d.Year, time.Month(d.Month), daysIn(d.Year, d.Month), 0, 0, 0, 0, time.UTC)
	default:
		return d.Earliest()
	}
}

// Contains reports whether the calendar day of t (in t's location) lies
// within the span of d. The zero Date contains nothing.
func (d Date) Contains(t time.Time) bool {
	if d.IsZero() {
		return false
	}
	day := FromTime(t).Earliest()
	return !day.Before(d.Earliest()) && !day.After(d.Latest())
}

// Time returns d as midnight UTC when d is a full date; ok is false for
// partial and zero dates, so no code silently invents a day.
func (d Date) Time() (t time.Time, ok bool) {
	if d.Precision() != Day {
		return time.Time{}, false
	}
	return d.Earliest(), true
}

// Compare orders dates by Earliest and, when equal, by precision (coarser
// first), so 2001 < 2001-01 < 2001-01-01 < 2001-01-02 < 2001-02. The zero
// Date sorts before every known date. It returns -1, 0 or +1 and fits
// slices.SortFunc.
func (d Date) Compare(o Date) int {
	if c := d.Earliest().Compare(o.Earliest()); c != 0 {
		return c
	}
	switch p, q := d.Precision(), o.Precision(); {
	case p < q:
		return -1
	case p > q:
		return 1
	}
	return 0
}

// AgeAt returns the range of possible ages, in completed years, of a person
// born on d, evaluated on the calendar day of t (in t's location). For a full
// date min == max. The birthday counts from the day itself; someone born on
// 29 February becomes a year older on 1 March in common years.
//
// If t may precede the birth, min (and, when t precedes every possible birth
// day, max) is negative; callers asking "certainly at least 14?" test
// min >= 14 and "certainly under 14?" test max < 14. For the zero Date the
// age is unknown and AgeAt returns (0, math.MaxInt).
func (d Date) AgeAt(t time.Time) (min, max int) {
	if d.IsZero() {
		return 0, math.MaxInt
	}
	on := FromTime(t)
	return completedYears(FromTime(d.Latest()), on), completedYears(FromTime(d.Earliest()), on)
}

// completedYears counts whole years from birth b to day t; both are full dates.
func completedYears(b, t Date) int {
	age := t.Year - b.Year
	if t.Month < b.Month || t.Month == b.Month && t.Day < b.Day {
		age--
	}
	return age
}
