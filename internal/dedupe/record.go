package dedupe

import (
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

// Record is a citizen prepared for comparison: every text folded once
// (lower case, no marks, đ→d) so that comparisons never fold again.
type Record struct {
	Ref   string // import record_ref: what duplicate reports name
	ID    string // opaque register id
	Name  Name
	Birth pdate.Date
	// birthDigits is Birth as "YYYYMMDD" down to its precision.
	birthDigits string
	Sex         registry.Sex
	IDNumber    string
	Cancelled   []string
	OldNumber   string
	Father      Relative
	Mother      Relative
	Spouse      Relative
	Household   string
	// Communes holds the permanent, temporary and current communes;
	// Province the permanent province (for the review queue's jurisdiction).
	Communes [3]string
	Province string
	// Address is the permanent commune and folded address, one key.
	Address   string
	Ethnicity string
	BloodType string
	Hometown  string
	Phone     string
}

// Relative is a relative's folded name and number.
type Relative struct {
	Name   Name
	Number string
}

// Prepare folds a citizen into a Record.
func Prepare(c registry.Citizen) Record { return Interner{}.Prepare(c) }

// Prepare folds a citizen into a Record, sharing the strings seen before.
func (in Interner) Prepare(c registry.Citizen) Record {
	intern := in.intern
	r := Record{
		Ref: c.RecordRef, ID: c.ID, Name: in.parseName(c.FullName), Birth: c.BirthDate, Sex: c.Sex,
		IDNumber: c.IDNumber, Cancelled: c.CancelledIDNumbers, OldNumber: c.OldIDNumber,
		Father: in.relative(c.Father), Mother: in.relative(c.Mother), Spouse: in.relative(c.Spouse),
		Household: intern(c.HouseholdRef),
		Communes:  [3]string{intern(c.Permanent.Commune), intern(c.Temporary.Commune), intern(c.Current.Commune)},
		Province:  intern(c.Permanent.Province),
		Ethnicity: intern(c.Ethnicity), BloodType: intern(c.BloodType), Phone: digits(c.Phone),
		Hometown: in.place(c.Hometown),
	}
	r.birthDigits = intern(dateDigits(c.BirthDate))
	if c.Permanent.Commune != "" && c.Permanent.Address != "" {
		r.Address = intern(c.Permanent.Commune + "|" + textfold.Fold(c.Permanent.Address))
	}
	return r
}

func (in Interner) relative(p registry.PersonRef) Relative {
	return Relative{Name: in.parseName(p.Name), Number: p.IDNumber}
}

func (in Interner) place(p registry.Place) string {
	if p.Code != "" {
		return in.intern(p.Code)
	}
	return in.intern(textfold.Fold(p.Text))
}

// digits keeps the digits of a phone number, so "0912 345 678" and
// "0912345678" agree.
func digits(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
}

// holdsNumber reports whether number is r's current or a cancelled number.
func (r *Record) holdsNumber(number string) bool {
	if number == "" {
		return false
	}
	if r.IDNumber == number {
		return true
	}
	for _, c := range r.Cancelled {
		if c == number {
			return true
		}
	}
	return false
}
