package card

import (
	"fmt"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// MRZData is what ParseMRZ reads back from a Vietnamese card's MRZ.
type MRZData struct {
	DocumentNumber string     // the 9 digits of line 1 (= Number[3:])
	Number         string     // the 12-digit personal ID number
	BirthDate      pdate.Date // may be partial; century from the ID number
	Sex            person.Sex // "" when the MRZ says '<'
	ExpiryDate     pdate.Date // zero when the card has no expiry
	Nationality    string
	Surname        string   // primary identifier, e.g. "NGUYEN"
	GivenNames     []string // secondary identifier components, e.g. VAN, AN
}

// MRZError says which line and field of an MRZ is wrong and why. Line is
// 1-based; 0 means the block as a whole.
type MRZError struct {
	Line   int
	Field  string
	Reason string
}

func (e *MRZError) Error() string {
	if e.Line == 0 {
		return fmt.Sprintf("MRZ: %s", e.Reason)
	}
	return fmt.Sprintf("MRZ line %d, %s: %s", e.Line, e.Field, e.Reason)
}

// Unwrap lets callers test errors.Is(err, ErrMRZ).
func (e *MRZError) Unwrap() error { return ErrMRZ }

func mrzErr(line int, field, format string, args ...any) error {
	return &MRZError{Line: line, Field: field, Reason: fmt.Sprintf(format, args...)}
}

// ParseMRZ reads an MRZ as BuildMRZ writes it, accepting "\n" or "\r\n"
// between lines, surrounding spaces, or the 90 characters in one line. It
// checks the layout, the character set and every check digit, and that the
// document number is the tail of the 12-digit ID.
func ParseMRZ(s string) (MRZData, error) {
	lines, err := splitMRZ(s)
	if err != nil {
		return MRZData{}, err
	}
	var d MRZData
	if err := parseMRZLine1(lines[0], &d); err != nil {
		return MRZData{}, err
	}
	if err := parseMRZLine2(lines[1], &d); err != nil {
		return MRZData{}, err
	}
	if got, want := lines[1][29], mrzCheckDigit(compositeInput(lines[0], lines[1])); got != want {
		return MRZData{}, mrzErr(2, "composite check digit", "got %q, want %q", got, want)
	}
	if d.Surname, d.GivenNames, err = parseMRZName(lines[2]); err != nil {
		return MRZData{}, err
	}
	return d, nil
}

// splitMRZ returns the three 30-character lines, each of MRZ characters.
func splitMRZ(s string) ([3]string, error) {
	var lines []string
	for _, l := range strings.Split(strings.TrimSpace(s), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	if len(lines) == 1 && len(lines[0]) == 3*MRZLineLen {
		lines = []string{lines[0][:30], lines[0][30:60], lines[0][60:]}
	}
	if len(lines) != 3 {
		return [3]string{}, mrzErr(0, "", "want 3 lines of %d characters, got %d lines", MRZLineLen, len(lines))
	}
	for i, l := range lines {
		if len(l) != MRZLineLen {
			return [3]string{}, mrzErr(i+1, "length", "want %d characters, got %d", MRZLineLen, len(l))
		}
		for j := 0; j < len(l); j++ {
			if !isMRZChar(l[j]) {
				return [3]string{}, mrzErr(i+1, "characters", "position %d: %q is not A–Z, 0–9 or '<'", j+1, l[j])
			}
		}
	}
	return [3]string{lines[0], lines[1], lines[2]}, nil
}

// checkField verifies the check digit cd of value.
func checkField(line int, field, value string, cd byte) error {
	if want := mrzCheckDigit(value); cd != want {
		return mrzErr(line, field+" check digit", "got %q, want %q", cd, want)
	}
	return nil
}
