package pdate

import (
	"fmt"
	"strings"
	"time"
)

// ParseError explains why an input is not a valid date. Part names the
// offending component ("format", "year", "month" or "day") so that a form can
// highlight the right field; Reason is an English sentence for people.
type ParseError struct {
	Input  string
	Part   string
	Reason string
}

func newError(input, part, reason string) *ParseError {
	return &ParseError{Input: input, Part: part, Reason: reason}
}

func (e *ParseError) Error() string {
	if e.Part == "format" {
		return e.Reason // already quotes the input
	}
	return fmt.Sprintf("invalid date %q: %s", e.Input, e.Reason)
}

// Unwrap lets errors.Is(err, ErrInvalid) match every ParseError.
func (e *ParseError) Unwrap() error { return ErrInvalid }

const formatHint = "use YYYY-MM-DD, YYYY-MM, YYYY or DD/MM/YYYY"

// Parse reads a date in one of the layouts described in the package
// documentation. Surrounding white space is ignored and "" (or only spaces)
// yields the zero Date and no error. Errors are *ParseError values that name
// the wrong part, e.g. "month 13 out of range 1..12" or
// "day 29 does not exist in February 2001 (2001 is not a leap year)".
func Parse(s string) (Date, error) {
	in := strings.TrimSpace(s)
	if in == "" {
		return Date{}, nil
	}
	// Split by layout; hasMonth/hasDay record which parts the layout
	// demands, so "2001-" is a format error and not the year 2001.
	var yearS, monthS, dayS string
	var hasMonth, hasDay bool
	slash, dash := strings.Count(in, "/"), strings.Count(in, "-")
	switch {
	case slash == 1 && dash == 0: // MM/YYYY
		monthS, yearS, _ = strings.Cut(in, "/")
		hasMonth = true
	case slash == 2 && dash == 0: // DD/MM/YYYY
		p := strings.Split(in, "/")
		dayS, monthS, yearS = p[0], p[1], p[2]
		hasMonth, hasDay = true, true
	case dash == 1 && slash == 0: // YYYY-MM
		yearS, monthS, _ = strings.Cut(in, "-")
		hasMonth = true
	case dash == 2 && slash == 0: // YYYY-MM-DD
		p := strings.Split(in, "-")
		yearS, monthS, dayS = p[0], p[1], p[2]
		hasMonth, hasDay = true, true
	case dash == 0 && slash == 0: // YYYY
		yearS = in
	default:
		return Date{}, formatError(in)
	}
	// Every part must be plain ASCII digits of a plausible width; anything
	// else (letters, signs, a year in the wrong slot such as "2001/05/15")
	// is a layout problem rather than a bad value.
	if !isDigits(yearS, 4, 4) || hasMonth && !isDigits(monthS, 1, 2) || hasDay && !isDigits(dayS, 1, 2) {
		return Date{}, formatError(in)
	}

	y := atoi(yearS)
	if y < MinYear || y > MaxYear {
		return Date{}, newError(in, "year", fmt.Sprintf("year %s out of range %d..%d", yearS, MinYear, MaxYear))
	}
	if !hasMonth {
		return Date{Year: y}, nil
	}
	m := atoi(monthS)
	if m < 1 || m > 12 {
		return Date{}, newError(in, "month", fmt.Sprintf("month %s out of range 1..12", monthS))
	}
	if !hasDay {
		return Date{Year: y, Month: m}, nil
	}
	d := atoi(dayS)
	if err := checkDay(in, y, m, d, dayS); err != nil {
		return Date{}, err
	}
	return Date{Year: y, Month: m, Day: d}, nil
}

// MustParse is Parse for literals and tests; it panics on error.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic("pdate.MustParse: " + err.Error())
	}
	return d
}

// checkDay validates day d of month m in year y; dayS is the day as written,
// echoed in the message so the clerk recognises their input.
func checkDay(in string, y, m, d int, dayS string) error {
	if d < 1 || d > 31 {
		return newError(in, "day", fmt.Sprintf("day %s out of range 1..31", dayS))
	}
	if n := daysIn(y, m); d > n {
		month := time.Month(m).String()
		why := fmt.Sprintf("%s has %d days", month, n)
		if m == 2 && d == 29 {
			why = fmt.Sprintf("%d is not a leap year", y)
		}
		return newError(in, "day", fmt.Sprintf("day %s does not exist in %s %d (%s)", dayS, month, y, why))
	}
	return nil
}

func formatError(in string) error {
	return newError(in, "format", fmt.Sprintf("unrecognised date format %q; %s", in, formatHint))
}

// isDigits reports whether s is min..max ASCII digits. unicode.IsDigit would
// admit other scripts' digits, which atoi cannot read.
func isDigits(s string, min, max int) bool {
	if len(s) < min || len(s) > max {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// atoi converts a short string already checked by isDigits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}
