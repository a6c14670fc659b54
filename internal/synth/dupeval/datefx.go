package dupeval

import (
	"time"

	"dancu/internal/pdate"
)

// Corruptions of the birth date. Every result is a date the importer
// accepts: real, not after the batch date nor after the death date.

func (c *copyCtx) birth() (pdate.Date, bool) {
	d, err := parseDate(c.row.Values[cBirth])
	return d, err == nil && !d.IsZero()
}

func (c *copyCtx) setBirth(d pdate.Date) bool {
	if !c.g.birthAllowed(c.row, d) || formatDate(d) == c.row.Values[cBirth] {
		return false
	}
	c.row.Values[cBirth] = formatDate(d)
	return true
}

// appliesBirthShorten: keep only the year (level 1) or year and month (2).
func appliesBirthShorten(level int) func(*copyCtx) bool {
	return func(c *copyCtx) bool {
		d, ok := c.birth()
		if !ok {
			return false
		}
		if level == 1 {
			return d.Month != 0
		}
		return d.Day != 0
	}
}

func applyBirthShorten(level int) func(*copyCtx) bool {
	return func(c *copyCtx) bool {
		if !appliesBirthShorten(level)(c) {
			return false
		}
		d, _ := c.birth()
		d.Day = 0
		if level == 1 {
			d.Month = 0
		}
		return c.setBirth(d)
	}
}

func appliesBirthSwap(c *copyCtx) bool {
	d, ok := c.birth()
	if !ok || d.Day == 0 || d.Day > 12 || d.Day == d.Month {
		return false
	}
	return c.g.birthAllowed(c.row, pdate.Date{Year: d.Year, Month: d.Day, Day: d.Month})
}

func applyBirthSwap(c *copyCtx) bool {
	if !appliesBirthSwap(c) {
		return false
	}
	d, _ := c.birth()
	return c.setBirth(pdate.Date{Year: d.Year, Month: d.Day, Day: d.Month})
}

func appliesBirthFull(c *copyCtx) bool {
	d, ok := c.birth()
	return ok && d.Day != 0
}

// similarDigits are the digits a hand or a keypad confuses with each one.
var similarDigits = map[byte]string{
	'0': "896", '1': "74", '2': "357", '3': "828", '4': "19", '5': "63",
	'6': "508", '7': "12", '8': "306", '9': "047",
}

func applyBirthDigit(c *copyCtx) bool {
	d, ok := c.birth()
	if !ok || d.Day == 0 {
		return false
	}
	r := c.g.r
	for try := 0; try < 20; try++ {
		n := d
		switch r.IntN(6) {
		case 0: // last digit of the year one off: 1984 -> 1985
			n.Year += 1 - 2*r.IntN(2)
		case 1: // last two digits of the year swapped: 1984 -> 1948
			n.Year = n.Year/100*100 + n.Year%10*10 + n.Year/10%10
		case 2, 3: // one digit of the day
			n.Day = typoDigits(r.IntN(2), n.Day, r.IntN)
		case 4: // one digit of the month
			n.Month = typoDigits(r.IntN(2), n.Month, r.IntN)
		default: // the two digits of the day swapped: 12 -> 21
			n.Day = n.Day%10*10 + n.Day/10
		}
		if n != d && n.Day >= 1 && n.Month >= 1 && c.setBirth(n) {
			return true
		}
	}
	return false
}

// typoDigits replaces digit pos (0 tens, 1 units) of a two-digit number by
// a digit easily confused with it.
func typoDigits(pos, v int, intN func(int) int) int {
	b := []byte(pad(v, 2))
	alt := similarDigits[b[pos]]
	b[pos] = alt[intN(len(alt))]
	return int(b[0]-'0')*10 + int(b[1]-'0')
}

func appliesBirthJan1(c *copyCtx) bool {
	d, ok := c.birth()
	return ok && !(d.Month == 1 && d.Day == 1)
}

func applyBirthJan1(c *copyCtx) bool {
	d, ok := c.birth()
	if !ok {
		return false
	}
	return c.setBirth(pdate.Date{Year: d.Year, Month: 1, Day: 1})
}

func appliesBirthLunar(c *copyCtx) bool {
	d, ok := c.birth()
	return ok && d.Day != 0 && d.Year < 1980
}

// applyBirthLunar writes the lunar-calendar date: the lunar year starts 3
// to 7 weeks after the solar one, so month and day fall 20 to 50 days
// earlier in the solar reading, and a birth just after New Year falls
// into the previous year.
func applyBirthLunar(c *copyCtx) bool {
	if !appliesBirthLunar(c) {
		return false
	}
	d, _ := c.birth()
	t := time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	t = t.AddDate(0, 0, -(20 + c.g.r.IntN(31)))
	y, m, day := t.Date()
	return c.setBirth(pdate.Date{Year: y, Month: int(m), Day: day})
}
