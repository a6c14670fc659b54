package card

import (
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// parseMRZLine1 reads document code, state, document number and the
// 12-digit ID with their check digits.
func parseMRZLine1(l string, d *MRZData) error {
	if l[0:2] != mrzDocCode {
		return mrzErr(1, "document code", "got %q, want %q", l[0:2], mrzDocCode)
	}
	if l[2:5] != mrzStateCode {
		return mrzErr(1, "issuing state", "got %q, want %q", l[2:5], mrzStateCode)
	}
	d.DocumentNumber, d.Number = l[5:14], l[15:27]
	if !isDigits(d.DocumentNumber, 9) {
		return mrzErr(1, "document number", "%q is not 9 digits", d.DocumentNumber)
	}
	if err := checkField(1, "document number", d.DocumentNumber, l[14]); err != nil {
		return err
	}
	if !isDigits(d.Number, 12) {
		return mrzErr(1, "ID number", "%q is not 12 digits", d.Number)
	}
	if l[27:29] != "<<" {
		return mrzErr(1, "ID number filler", "got %q, want \"<<\"", l[27:29])
	}
	if err := checkField(1, "ID number", d.Number, l[29]); err != nil {
		return err
	}
	if d.Number[3:] != d.DocumentNumber {
		return mrzErr(1, "document number", "%q is not the last 9 digits of ID %q", d.DocumentNumber, d.Number)
	}
	return nil
}

// parseMRZLine2 reads birth date, sex, expiry and nationality. The birth
// century comes from the ID number's century digit (domain.md §1.2), so a
// two-digit year is never guessed; the expiry is the first year at or after
// the birth year with the printed two digits (cards run at most 60 years).
func parseMRZLine2(l string, d *MRZData) error {
	if err := checkField(2, "birth date", l[0:6], l[6]); err != nil {
		return err
	}
	century := 1900 + int(d.Number[3]-'0')/2*100
	birth, err := parseMRZDate(2, "birth date", l[0:6], func(yy int) int { return century + yy })
	if err != nil {
		return err
	}
	d.BirthDate = birth
	if d.Sex, err = parseMRZSex(l[7]); err != nil {
		return err
	}
	if err := checkField(2, "expiry date", l[8:14], l[14]); err != nil {
		return err
	}
	if l[8:14] != "<<<<<<" {
		expiryYear := func(yy int) int { return birth.Year + (yy-birth.Year%100+100)%100 }
		if d.ExpiryDate, err = parseMRZDate(2, "expiry date", l[8:14], expiryYear); err != nil {
			return err
		}
		if d.ExpiryDate.Precision() != pdate.Day {
			return mrzErr(2, "expiry date", "%q is not a full date", l[8:14])
		}
	}
	d.Nationality = l[15:18]
	if strings.Trim(d.Nationality, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") != "" {
		return mrzErr(2, "nationality", "%q is not three letters", d.Nationality)
	}
	return nil
}

// parseMRZDate reads YYMMDD where month and day may be "<<" (unknown).
func parseMRZDate(line int, field, s string, year func(yy int) int) (pdate.Date, error) {
	yy, mm, dd := s[0:2], s[2:4], s[4:6]
	known := func(p string) bool { return isDigits(p, 2) }
	if !known(yy) || !(known(mm) || mm == "<<") || !(known(dd) || dd == "<<") {
		return pdate.Date{}, mrzErr(line, field, "%q is not YYMMDD (unknown month or day as \"<<\")", s)
	}
	if mm == "<<" && dd != "<<" {
		return pdate.Date{}, mrzErr(line, field, "%q has a day without a month", s)
	}
	num := func(p string) int {
		if p == "<<" {
			return 0
		}
		return int(p[0]-'0')*10 + int(p[1]-'0')
	}
	dt, err := pdate.New(year(num(yy)), num(mm), num(dd))
	if err != nil {
		return pdate.Date{}, mrzErr(line, field, "%q: %v", s, err)
	}
	return dt, nil
}

func parseMRZSex(c byte) (person.Sex, error) {
	switch c {
	case 'M':
		return person.Male, nil
	case 'F':
		return person.Female, nil
	case '<':
		return "", nil
	}
	return "", mrzErr(2, "sex", "got %q, want M, F or '<'", c)
}

// parseMRZName splits SURNAME<<GIVEN<NAMES<<<.
func parseMRZName(l string) (string, []string, error) {
	name := strings.TrimRight(l, "<")
	if name == "" {
		return "", nil, mrzErr(3, "name", "empty")
	}
	if strings.ContainsAny(name, "0123456789") {
		return "", nil, mrzErr(3, "name", "%q contains digits", name)
	}
	surname, rest, hasGiven := strings.Cut(name, "<<")
	if surname == "" {
		return "", nil, mrzErr(3, "name", "%q has no surname before \"<<\"", name)
	}
	if !hasGiven {
		return surname, nil, nil
	}
	given := strings.Split(rest, "<")
	for _, g := range given {
		if g == "" {
			return "", nil, mrzErr(3, "name", "%q has an empty name component", name)
		}
	}
	return surname, given, nil
}
