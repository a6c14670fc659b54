package procedure

import (
	"time"

	"dancu/internal/apperr"
	"dancu/internal/card"
	"dancu/internal/pdate"
)

// Vietnam is the offices' time zone: a dossier's days are days in Vietnam.
var Vietnam = time.FixedZone("ICT", 7*3600)

// Day is the day in Vietnam of an instant.
func Day(t time.Time) pdate.Date { return pdate.FromTime(t.In(Vietnam)) }

// start begins the clock of a dossier complete on day.
func start(cal *card.Calendar, days int, day pdate.Date) (Deadline, error) {
	d := Deadline{WorkingDays: days, Start: day}
	return d, d.refresh(cal)
}

// refresh recomputes Due from Start, the limit and the paused days.
func (d *Deadline) refresh(cal *card.Calendar) error {
	due, err := cal.AddWorkingDays(d.Start, d.WorkingDays+d.Paused)
	if err != nil {
		return apperr.Wrap(err, "compute the deadline")
	}
	d.Due = due
	return nil
}

// pause stops the clock on day (a supplement was requested).
func (d *Deadline) pause(day pdate.Date) {
	d.PausedSince, d.Due = day, pdate.Date{}
}

// resume restarts the clock on day (the supplement arrived): the working
// days after the request up to and including day are not counted.
func (d *Deadline) resume(cal *card.Calendar, day pdate.Date) error {
	n, err := cal.WorkingDaysBetween(d.PausedSince, day)
	if err != nil {
		return apperr.Wrap(err, "count the paused days")
	}
	d.Paused += n
	d.PausedSince = pdate.Date{}
	return d.refresh(cal)
}

// Overdue reports whether an open dossier has passed its due date on day;
// a decided dossier is overdue if it was decided after its due date.
func (dl Deadline) Overdue(state State, decided, day pdate.Date) bool {
	switch {
	case dl.Due.IsZero():
		return false // paused: the clock is the applicant's
	case state.Open():
		return day.Compare(dl.Due) > 0
	case !decided.IsZero():
		return decided.Compare(dl.Due) > 0
	}
	return false
}

// Remaining is the working days left until Due on day (negative when
// overdue); 0 when paused.
func (dl Deadline) Remaining(cal *card.Calendar, day pdate.Date) int {
	if dl.Due.IsZero() {
		return 0
	}
	if day.Compare(dl.Due) <= 0 {
		n, _ := cal.WorkingDaysBetween(day, dl.Due)
		return n
	}
	n, _ := cal.WorkingDaysBetween(dl.Due, day)
	return -n
}
