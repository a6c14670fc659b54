package pdate

import (
	"errors"
	"fmt"
	"strconv"
	"time"
)

// Date is a possibly partial calendar date. Month == 0 means only the year is
// known; Day == 0 means year and month are known. The zero value means the
// date is unknown. Construct values with Parse, New or Full so that they are
// valid; a Date built from a struct literal can be checked with Validate.
type Date struct {
	Year, Month, Day int
}

// Precision says how much of a Date is known.
type Precision int

const (
	None  Precision = iota // unknown date (zero Date)
	Year                   // year only
	Month                  // year and month
	Day                    // full date
)

func (p Precision) String() string {
	switch p {
	case None:
		return "none"
	case Year:
		return "year"
	case Month:
		return "month"
	case Day:
		return "day"
	default:
		return fmt.Sprintf("Precision(%d)", int(p))
	}
}

// ErrInvalid is wrapped by every error Parse, New and Validate return, so
// callers can test with errors.Is without matching message text.
var ErrInvalid = errors.New("invalid date")

// New returns the Date with the given parts, validated. Pass m == 0 for a
// year-only date and d == 0 for a year+month date; New(0, 0, 0) is the zero
// Date.
func New(y, m, d int) (Date, error) {
	dt := Date{Year: y, Month: m, Day: d}
	if err := dt.Validate(); err != nil {
		return Date{}, err
	}
	return dt, nil
}

// Full returns the full-precision date y-m-d. It panics if the date does not
// exist; it is meant for literals and tests. Use New for untrusted values.
func Full(y, m, d int) Date {
	if m == 0 || d == 0 {
		panic(fmt.Sprintf("pdate.Full(%d, %d, %d): month and day are required", y, m, d))
	}
	dt, err := New(y, m, d)
	if err != nil {
		panic("pdate.Full: " + err.Error())
	}
	return dt
}

// FromTime returns the full date of t in t's own location. Convert with
// t.In(loc) first if the calendar day must be taken in another time zone
// (Vietnam is UTC+7, so an instant near midnight UTC falls on a later day).
func FromTime(t time.Time) Date {
	y, m, d := t.Date()
	return Date{Year: y, Month: int(m), Day: d}
}

// IsZero reports whether d is the unknown date. It also makes the
// `json:",omitzero"` struct tag omit unknown dates.
func (d Date) IsZero() bool { return d == Date{} }

// Precision returns how much of d is known.
func (d Date) Precision() Precision {
	switch {
	case d.IsZero():
		return None
	case d.Month == 0:
		return Year
	case d.Day == 0:
		return Month
	default:
		return Day
	}
}

// Validate reports whether d is the zero Date or a real (partial) date within
// MinYear..MaxYear. It catches Dates built from struct literals or read from
// storage without Parse.
func (d Date) Validate() error {
	if d.IsZero() {
		return nil
	}
	// A valid date returns before any message is formatted: an import
	// validates every record's dates, and formatting the messages up front
	// was 1.1 s of a 1M import's CPU (pprof).
	if d.Year >= MinYear && d.Year <= MaxYear && d.Month >= 0 && d.Month <= 12 &&
		(d.Month == 0 && d.Day == 0 || d.Month != 0 && (d.Day == 0 || d.Day >= 1 && d.Day <= daysIn(d.Year, d.Month))) {
		return nil
	}
	in := fmt.Sprintf("%04d-%02d-%02d", d.Year, d.Month, d.Day) // raw parts, for the message
	if d.Year < MinYear || d.Year > MaxYear {
		return newError(in, "year", fmt.Sprintf("year %04d out of range %d..%d", d.Year, MinYear, MaxYear))
	}
	if d.Month == 0 && d.Day != 0 {
		return newError(in, "month", fmt.Sprintf("day %d given without a month", d.Day))
	}
	if d.Month < 0 || d.Month > 12 {
		return newError(in, "month", fmt.Sprintf("month %02d out of range 1..12", d.Month))
	}
	if d.Month == 0 || d.Day == 0 {
		return nil
	}
	return checkDay(in, d.Year, d.Month, d.Day, fmt.Sprintf("%02d", d.Day))
}

// String returns the canonical ISO form: "YYYY", "YYYY-MM", "YYYY-MM-DD",
// or "" for the zero Date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	var b [16]byte
	return string(d.AppendISO(b[:0]))
}

// AppendISO appends String's form to b, without fmt (an import writes a
// few dates per record: fmt.Sprintf was 0.5 s of a 1M import's CPU).
func (d Date) AppendISO(b []byte) []byte {
	switch d.Precision() {
	case None:
		return b
	case Year:
		return appendPadded(b, d.Year, 4)
	case Month:
		return appendPadded(append(appendPadded(b, d.Year, 4), '-'), d.Month, 2)
	default:
		b = append(appendPadded(b, d.Year, 4), '-')
		return appendPadded(append(appendPadded(b, d.Month, 2), '-'), d.Day, 2)
	}
}

// appendPadded appends n in decimal, zero-padded to width digits, as
// fmt's %0*d does (a negative number: its sign, then the padded digits of
// the rest, to width in all, which fmt writes here).
func appendPadded(b []byte, n, width int) []byte {
	if n < 0 {
		return fmt.Appendf(b, "%0*d", width, n) // only an invalid date
	}
	var digits [20]byte
	s := strconv.AppendInt(digits[:0], int64(n), 10)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

// DDMMYYYY returns the Vietnamese display form: "15/05/2001", "05/2001",
// "2001", or "" for the zero Date. Parse accepts all of them back.
func (d Date) DDMMYYYY() string {
	switch d.Precision() {
	case None:
		return ""
	case Year:
		return fmt.Sprintf("%04d", d.Year)
	case Month:
		return fmt.Sprintf("%02d/%04d", d.Month, d.Year)
	default:
		return fmt.Sprintf("%02d/%02d/%04d", d.Day, d.Month, d.Year)
	}
}
