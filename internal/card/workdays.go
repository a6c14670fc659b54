package card

import (
	"fmt"
	"time"

	"dancu/internal/pdate"
)

// ProcessingWorkingDays is the deadline for cấp, cấp đổi and cấp lại under
// Luật Căn cước 2023 Điều 26 (domain.md §6.2).
const ProcessingWorkingDays = 7

// Holiday is a day off that falls on a weekday (a holiday on a weekend
// needs no entry; its compensatory weekday does).
type Holiday struct {
	Date pdate.Date
	Name string
}

// Calendar knows which days public offices work: Monday to Friday, except
// the holidays it was given, plus make-up Saturdays (ngày làm bù) given as
// working days. It is built from data, never from a global, so a
// deployment can load next year's schedule when the Government announces it.
type Calendar struct {
	holidays map[pdate.Date]string
	makeUp   map[pdate.Date]bool
}

// NewCalendar returns a calendar with the given holidays and make-up
// working days. Every date must be a full date.
func NewCalendar(holidays []Holiday, makeUpWorkdays []pdate.Date) (*Calendar, error) {
	c := &Calendar{holidays: map[pdate.Date]string{}, makeUp: map[pdate.Date]bool{}}
	for _, h := range holidays {
		if h.Date.Precision() != pdate.Day {
			return nil, fmt.Errorf("calendar: holiday %q has a partial date %q", h.Name, h.Date)
		}
		c.holidays[h.Date] = h.Name
	}
	for _, d := range makeUpWorkdays {
		if d.Precision() != pdate.Day {
			return nil, fmt.Errorf("calendar: make-up working day %q is not a full date", d)
		}
		c.makeUp[d] = true
	}
	return c, nil
}

// IsWorkingDay reports whether offices work on d (a full date).
func (c *Calendar) IsWorkingDay(d pdate.Date) bool {
	if c.makeUp[d] {
		return true
	}
	if _, off := c.holidays[d]; off {
		return false
	}
	t, _ := d.Time()
	return t.Weekday() != time.Saturday && t.Weekday() != time.Sunday
}

// AddWorkingDays returns the n-th working day after from. The day from
// itself is not counted, whether or not it is a working day: a period
// starts on the day after the event (Bộ luật Dân sự 2015 Điều 147), so a
// file received on Friday with n = 1 is due on Monday.
func (c *Calendar) AddWorkingDays(from pdate.Date, n int) (pdate.Date, error) {
	if from.Precision() != pdate.Day || n < 0 {
		return pdate.Date{}, fmt.Errorf("calendar: cannot add %d working days to %q", n, from)
	}
	d := from
	for n > 0 {
		d = nextDay(d)
		if c.IsWorkingDay(d) {
			n--
		}
	}
	return d, nil
}

// WorkingDaysBetween counts the working days after from, up to and
// including to; it is 0 when to is not after from. It inverts
// AddWorkingDays: WorkingDaysBetween(d, AddWorkingDays(d, n)) == n.
func (c *Calendar) WorkingDaysBetween(from, to pdate.Date) (int, error) {
	if from.Precision() != pdate.Day || to.Precision() != pdate.Day {
		return 0, fmt.Errorf("calendar: %q and %q must be full dates", from, to)
	}
	n := 0
	for d := nextDay(from); d.Compare(to) <= 0; d = nextDay(d) {
		if c.IsWorkingDay(d) {
			n++
		}
	}
	return n, nil
}

// PromisedDate is the date on the appointment slip (giấy hẹn, form CC02)
// for a complete file received on the given day.
func (c *Calendar) PromisedDate(received pdate.Date) (pdate.Date, error) {
	return c.AddWorkingDays(received, ProcessingWorkingDays)
}

func nextDay(d pdate.Date) pdate.Date {
	t, _ := d.Time()
	return pdate.FromTime(t.AddDate(0, 0, 1))
}
