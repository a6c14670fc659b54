package pdate

// MinYear and MaxYear bound the years Parse and New accept. 1800 admits the
// oldest legacy records that can still matter (parents' and grandparents'
// births); 2300 is far enough ahead for planned dates and still rejects
// typos such as "20011".
const (
	MinYear = 1800
	MaxYear = 2300
)

// isLeap reports whether y is a leap year in the proleptic Gregorian calendar.
func isLeap(y int) bool {
	return y%4 == 0 && (y%100 != 0 || y%400 == 0)
}

// daysIn returns the number of days in month m (1..12) of year y.
func daysIn(y, m int) int {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	default:
		return 31
	}
}
