package idnumber

import "fmt"

// Years that the century/sex digit can express: 1900s (0/1) to 2300s (8/9).
// Births before 1900 have no code (domain.md §1.2).
const (
	MinBirthYear = 1900
	MaxBirthYear = 2399
)

// CenturySexDigit returns the 4th digit of the number, as an ASCII character
// '0'..'9', for a birth year and sex: (century-19)*2, plus 1 for females.
// It fails for years outside MinBirthYear..MaxBirthYear and unknown sex.
func CenturySexDigit(year int, sex Sex) (byte, error) {
	if year < MinBirthYear || year > MaxBirthYear {
		return 0, fmt.Errorf("idnumber: birth year %d cannot be encoded, only %d..%d: %w", year, MinBirthYear, MaxBirthYear, ErrFormat)
	}
	if !sex.known() {
		return 0, fmt.Errorf("idnumber: sex %v cannot be encoded, need Male or Female: %w", sex, ErrFormat)
	}
	d := byte((year/100 - 19) * 2)
	if sex == Female {
		d++
	}
	return '0' + d, nil
}

// decodeCenturySex is the inverse of CenturySexDigit for a digit 0..9 and
// the two-digit year yy.
func decodeCenturySex(g, yy int) (year int, sex Sex) {
	sex = Male
	if g%2 == 1 {
		sex = Female
	}
	return 1900 + g/2*100 + yy, sex
}

// Block returns the 6-character block "PPPGYY" that all numbers of people
// born in birthYear, of the given sex, registered under prefix share; the
// serial is drawn within it. prefix must be 3 ASCII digits. It is not
// required to be one of the 63 province codes, so that country codes can be
// used once known; callers that issue numbers should check KnownPrefix or
// their own country table first.
func Block(prefix string, birthYear int, sex Sex) (string, error) {
	if !allDigits(prefix) || len(prefix) != 3 {
		return "", fmt.Errorf("idnumber: prefix %q: %w: want 3 ASCII digits", prefix, ErrFormat)
	}
	g, err := CenturySexDigit(birthYear, sex)
	if err != nil {
		return "", err
	}
	yy := birthYear % 100
	return prefix + string([]byte{g, '0' + byte(yy/10), '0' + byte(yy%10)}), nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
