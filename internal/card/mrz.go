package card

import (
	"errors"
	"fmt"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// MRZLineLen and the TD1 layout constants of ICAO 9303 Part 5.
const (
	MRZLineLen   = 30
	mrzDocCode   = "ID"
	mrzStateCode = "VNM"
)

// MRZ is the machine-readable zone on the back of the card: three lines of
// 30 characters in the ICAO 9303 TD1 layout as Vietnam fills it
// (domain.md §3.1).
type MRZ [3]string

// String returns the three lines joined by newlines, as printed.
func (m MRZ) String() string { return m[0] + "\n" + m[1] + "\n" + m[2] }

// ErrMRZ is wrapped by every error BuildMRZ and ParseMRZ return.
var ErrMRZ = errors.New("invalid MRZ")

// BuildMRZ lays out the MRZ of c:
//
//	line 1: ID VNM <last 9 digits of the ID><cd> <12-digit ID> << <cd of the 12 digits>
//	line 2: <birth YYMMDD><cd> <M/F> <expiry YYMMDD><cd> VNM <11 fillers> <composite cd>
//	line 3: SURNAME<<MIDDLE<GIVEN
//
// A partial birth date has its unknown month and day as "<<" (ICAO 9303-3:
// unknown parts of a date are fillers; a filler counts 0 in the check digit).
// A card without expiry (c.ExpiryDate zero, "Không thời hạn") has the expiry
// field "<<<<<<" with check digit 0: ICAO gives no code for "never expires",
// and fillers with a computed check digit keep every check digit verifiable
// by standard readers, which a '<' check digit would not.
func BuildMRZ(c Card) (MRZ, error) {
	if !isDigits(c.Number, 12) {
		return MRZ{}, fmt.Errorf("%w: card number %q is not 12 digits", ErrMRZ, c.Number)
	}
	birth, err := mrzDate(c.BirthDate)
	if err != nil || c.BirthDate.IsZero() {
		return MRZ{}, fmt.Errorf("%w: birth date %q: %v", ErrMRZ, c.BirthDate, errOrUnknown(err))
	}
	expiry := "<<<<<<"
	if !c.ExpiryDate.IsZero() {
		if c.ExpiryDate.Precision() != pdate.Day {
			return MRZ{}, fmt.Errorf("%w: expiry date %q is not a full date", ErrMRZ, c.ExpiryDate)
		}
		expiry, _ = mrzDate(c.ExpiryDate)
	}
	name := mrzName(c.FullName, MRZLineLen)
	if strings.Trim(name, "<") == "" {
		return MRZ{}, fmt.Errorf("%w: full name %q has no letters to transliterate", ErrMRZ, c.FullName)
	}

	docNumber := c.Number[3:]
	l1 := mrzDocCode + mrzStateCode + docNumber + string(mrzCheckDigit(docNumber)) +
		c.Number + "<<" + string(mrzCheckDigit(c.Number))
	l2 := birth + string(mrzCheckDigit(birth)) + mrzSex(c.Sex) +
		expiry + string(mrzCheckDigit(expiry)) + mrzStateCode + strings.Repeat("<", 11)
	l2 += string(mrzCheckDigit(compositeInput(l1, l2)))
	return MRZ{l1, l2, name}, nil
}

// compositeInput is what the TD1 composite check digit covers: line 1 from
// the document number on, birth date and expiry with their check digits, and
// optional data 2 (0-based slices of the 30-character lines).
func compositeInput(l1, l2 string) string {
	return l1[5:30] + l2[0:7] + l2[8:15] + l2[18:29]
}

// mrzDate returns YYMMDD with unknown month and day as "<<".
func mrzDate(d pdate.Date) (string, error) {
	if err := d.Validate(); err != nil {
		return "", err
	}
	out := fmt.Sprintf("%02d", d.Year%100)
	for _, part := range []int{d.Month, d.Day} {
		if part == 0 {
			out += "<<"
		} else {
			out += fmt.Sprintf("%02d", part)
		}
	}
	return out, nil
}

// mrzSex is M, F, or '<' (unspecified) for anything else.
func mrzSex(s person.Sex) string {
	switch s {
	case person.Male:
		return "M"
	case person.Female:
		return "F"
	default:
		return "<"
	}
}

func errOrUnknown(err error) error {
	if err == nil {
		return errors.New("unknown")
	}
	return err
}

// isDigits reports whether s is exactly n ASCII digits.
func isDigits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
