package idnumber

import (
	"errors"
	"fmt"
)

// ErrFormat is wrapped by every error about the shape of a number, block,
// serial or the values used to build them.
var ErrFormat = errors.New("malformed ID number")

// Len is the length of a personal identification number.
const Len = 12

// Parts are the fields encoded in a number.
type Parts struct {
	Prefix        string // PPP, birth-registration province or country code
	BirthYear     int    // from G and YY, always within MinBirthYear..MaxBirthYear
	Sex           Sex    // from G
	Serial        string // RRRRRR, 000001..999999
	KnownProvince bool   // Prefix is one of the 63 province codes
	ProvinceName  string // province name when KnownProvince, else ""
}

// String rebuilds the 12-digit number from the parts.
func (p Parts) String() string {
	b, err := Block(p.Prefix, p.BirthYear, p.Sex)
	if err != nil {
		return ""
	}
	return b + p.Serial
}

// Block returns the first six digits "PPPGYY".
func (p Parts) Block() string {
	b, _ := Block(p.Prefix, p.BirthYear, p.Sex)
	return b
}

// Parse splits a number into its parts. It fails only for input that cannot
// be a number: not exactly 12 ASCII digits, or serial 000000 (never issued).
// The input is not trimmed; normalise spacing before calling. An unknown
// prefix is not an error: it may be a country code (KnownProvince is false).
func Parse(s string) (Parts, error) {
	if len(s) != Len {
		return Parts{}, fmt.Errorf("idnumber: %w: want %d digits, got %d bytes", ErrFormat, Len, len(s))
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return Parts{}, fmt.Errorf("idnumber: %w: non-digit at position %d", ErrFormat, i+1)
		}
	}
	if s[6:] == "000000" {
		return Parts{}, fmt.Errorf("idnumber: %w: serial 000000 is never issued", ErrFormat)
	}
	year, sex := decodeCenturySex(int(s[3]-'0'), int(s[4]-'0')*10+int(s[5]-'0'))
	name, known := provincePrefixes[s[:3]]
	return Parts{
		Prefix:        s[:3],
		BirthYear:     year,
		Sex:           sex,
		Serial:        s[6:],
		KnownProvince: known,
		ProvinceName:  name,
	}, nil
}

// Valid reports whether Parse accepts s. It says nothing about whether the
// number matches anyone's data; use Check for that.
func Valid(s string) bool {
	_, err := Parse(s)
	return err == nil
}
