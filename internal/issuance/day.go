package issuance

import (
	"time"

	"dancu/internal/apperr"
)

// vietnam is UTC+7 all year (no daylight saving), so a fixed zone needs
// no tzdata.
var vietnam = time.FixedZone("ICT", 7*3600)

// DayLayout is how calendar days are written in storage, the API and the CLI.
const DayLayout = "2006-01-02"

// Day returns the calendar day in Vietnam of instant t, as midnight UTC.
func Day(t time.Time) time.Time {
	y, m, d := t.In(vietnam).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// ParseDay reads a YYYY-MM-DD day.
func ParseDay(s string) (time.Time, error) {
	t, err := time.Parse(DayLayout, s)
	if err != nil {
		return time.Time{}, apperr.New(apperr.Invalid, "invalid day %q: use YYYY-MM-DD", s)
	}
	return t, nil
}

// at returns the instant in Vietnam of a clock time on a day.
func at(day time.Time, c Clock) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 0, int(c), 0, 0, vietnam)
}

// isWeekend reports Saturday and Sunday, the days stations are closed.
// Public holidays come from the injected DueDater's calendar elsewhere.
func isWeekend(day time.Time) bool {
	wd := day.Weekday()
	return wd == time.Saturday || wd == time.Sunday
}
