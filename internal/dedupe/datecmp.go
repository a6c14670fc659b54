package dedupe

import (
	"fmt"

	"dancu/internal/pdate"
)

// DateOutcome is how two birth dates compare, at the precision both know.
type DateOutcome int

const (
	DateMissing DateOutcome = iota
	// DateExact: both full and equal.
	DateExact
	// DateAgreeMonth: equal year and month, and one side knows no more.
	DateAgreeMonth
	// DateAgreeYear: equal years, and one side knows only the year.
	DateAgreeYear
	// DateSwapped: full dates with day and month exchanged (05-03 / 03-05).
	DateSwapped
	// DateTypo: one digit wrong, or two neighbouring digits swapped.
	DateTypo
	// DateSameYear: full or year-month dates of the same year that differ
	// otherwise.
	DateSameYear
	DateDiffer
)

var dateOutcomeNames = [...]string{"missing", "exact", "agree_month", "agree_year", "swapped", "typo", "same_year", "differ"}

func (o DateOutcome) String() string { return dateOutcomeNames[o] }

// CompareDates classifies two birth dates.
func CompareDates(a, b pdate.Date) DateOutcome {
	return compareDates(a, b, dateDigits(a), dateDigits(b))
}

// compareDates takes the dates' digits precomputed (Record.birthDigits).
func compareDates(a, b pdate.Date, da, db string) DateOutcome {
	if a.IsZero() || b.IsZero() {
		return DateMissing
	}
	p := min(a.Precision(), b.Precision())
	switch {
	case sameAt(a, b, p):
		return [...]DateOutcome{pdate.Year: DateAgreeYear, pdate.Month: DateAgreeMonth, pdate.Day: DateExact}[p]
	case p == pdate.Day && a.Year == b.Year && a.Day == b.Month && a.Month == b.Day:
		return DateSwapped
	case oneDigitSlip(da[:digitsAt[p]], db[:digitsAt[p]]):
		return DateTypo
	case a.Year == b.Year:
		return DateSameYear
	}
	return DateDiffer
}

// digitsAt is how many digits of "YYYYMMDD" each precision knows.
var digitsAt = [...]int{pdate.None: 0, pdate.Year: 4, pdate.Month: 6, pdate.Day: 8}

// dateDigits writes the known digits of a date: "19900515", "199005",
// "1990", or "" for an unknown date.
func dateDigits(d pdate.Date) string {
	switch d.Precision() {
	case pdate.Day:
		return fmt.Sprintf("%04d%02d%02d", d.Year, d.Month, d.Day)
	case pdate.Month:
		return fmt.Sprintf("%04d%02d", d.Year, d.Month)
	case pdate.Year:
		return fmt.Sprintf("%04d", d.Year)
	}
	return ""
}

// oneDigitSlip reports strings of equal length that differ in one digit or
// by one swap of neighbouring digits.
func oneDigitSlip(a, b string) bool {
	if len(a) != len(b) {
		return false
	}
	first, count := -1, 0
	for i := 0; i < len(a) && count <= 2; i++ { // three differences are no slip
		if a[i] != b[i] {
			if first < 0 {
				first = i
			}
			count++
		}
	}
	switch count {
	case 1:
		return true
	case 2:
		i := first
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i]
	}
	return false
}

// sameAt reports dates equal down to precision p, comparing numbers: the
// digit strings of different dates share their length and most digits.
func sameAt(a, b pdate.Date, p pdate.Precision) bool {
	return a.Year == b.Year && (p < pdate.Month || a.Month == b.Month) && (p < pdate.Day || a.Day == b.Day)
}
