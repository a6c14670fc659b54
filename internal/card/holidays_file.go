package card

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"dancu/internal/pdate"
)

// ParseHolidays reads an operator's holiday list, one day a line:
//
//	# comment
//	2028-01-26 Tết Nguyên đán
//	+2028-05-06 make-up working day (ngày làm bù)
//
// A line "YYYY-MM-DD name" is a weekday off; a line starting with "+" is a
// Saturday or Sunday worked. The Government announces each year's Tết and
// swap days late, so operators load the new year's list with
// `--holidays FILE` rather than waiting for a release.
func ParseHolidays(r io.Reader) ([]Holiday, []pdate.Date, error) {
	var hs []Holiday
	var makeUp []pdate.Date
	sc := bufio.NewScanner(r)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		work := strings.HasPrefix(line, "+")
		line = strings.TrimPrefix(line, "+")
		day, name, _ := strings.Cut(line, " ")
		d, err := pdate.Parse(day)
		if err != nil || d.Precision() != pdate.Day {
			return nil, nil, fmt.Errorf("holidays line %d: %q is not a full date YYYY-MM-DD", n, day)
		}
		if work {
			makeUp = append(makeUp, d)
		} else {
			hs = append(hs, Holiday{Date: d, Name: strings.TrimSpace(name)})
		}
	}
	if err := sc.Err(); err != nil {
		return nil, nil, fmt.Errorf("read holidays: %w", err)
	}
	return hs, makeUp, nil
}

// LoadVietnamCalendar is the built-in calendar extended (or corrected: a
// make-up day wins over a holiday) by an operator's list in ParseHolidays'
// format.
func LoadVietnamCalendar(r io.Reader) (*Calendar, error) {
	hs, makeUp, err := ParseHolidays(r)
	if err != nil {
		return nil, err
	}
	return NewCalendar(append(DefaultVietnamHolidays(), hs...), append(DefaultMakeUpWorkdays(), makeUp...))
}
