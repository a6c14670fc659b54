package synth

// Dates are kept as day numbers (days since 1970-01-01) so that "mother's
// birth + 27 years and 40 days" is plain integer arithmetic; they become
// calendar dates only when a row is written. The conversions are Howard
// Hinnant's civil-calendar algorithms: exact for the proleptic Gregorian
// calendar and much cheaper than time.Time for millions of people.

const daysPerYear = 365.2425

// civil is a calendar date.
type civil struct{ y, m, d int }

// daysFromCivil returns the day number of y-m-d.
func daysFromCivil(y, m, d int) int {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era = (y - 399) / 400
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int) civil {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era = (z - 146096) / 146097
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return civil{y, m, d}
}

// ageOn returns the completed years between birth and day (both day numbers).
func ageOn(birth, day int) int {
	b, t := civilFromDays(birth), civilFromDays(day)
	a := t.y - b.y
	if t.m < b.m || (t.m == b.m && t.d < b.d) {
		a--
	}
	return a
}

func append4(buf []byte, n int) []byte {
	return append(buf, byte('0'+n/1000%10), byte('0'+n/100%10), byte('0'+n/10%10), byte('0'+n%10))
}

func append2(buf []byte, n int) []byte {
	return append(buf, byte('0'+n/10%10), byte('0'+n%10))
}

// formatDate renders a date with the given precision: 'd' full date,
// 'm' year-month, 'y' year only (legacy records often lack day or month).
func formatDate(c civil, precision byte) string {
	var b [10]byte
	out := append4(b[:0], c.y)
	if precision == 'y' {
		return string(out)
	}
	out = append(out, '-')
	out = append2(out, c.m)
	if precision == 'm' {
		return string(out)
	}
	out = append(out, '-')
	out = append2(out, c.d)
	return string(out)
}
