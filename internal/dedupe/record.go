package dedupe

import (
	"hash/maphash"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

// Record is a citizen prepared for comparison: every text folded once
// (lower case, no marks, đ→d) so that comparisons never fold again.
type Record struct {
	Ref  string // import record_ref: what duplicate reports name
	ID   string // opaque register id
	Name Name
	// Other is the "other name" (tên gọi khác) box: a formal name kept
	// there when the form's name is what the person is called at home.
	Other Name
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
	// soundGiven and soundName are the given name and "surname given" as
	// they sound (soundKey): what blocking keys hold, so a name spelt by
	// ear files with its written form.
	soundGiven, soundName string
	// fp: fingerprints of the identifiers above (see fingerprint).
	fp fingerprints
	// shares, when set, caches the shares of this record's values while
	// a streaming run's block holds it (see Scorer.shareOf).
	shares *recordShares
}

// fingerprints hold a hash of each identifier a pair compares for
// equality. Comparing the strings read their bytes, scattered over the
// heap: at a million records that cache miss per candidate was a seventh
// of a full run. A fingerprint is in the record, which is read anyway.
// Prepare sets them; a field changed afterwards can only fail to agree.
type fingerprints struct {
	id, household, address, phone, old uint64
}

// Relative is a relative's folded name and number.
type Relative struct {
	Name   Name
	Number string
	fp     uint64 // fingerprint of Number
}

// Prepare folds a citizen into a Record.
func Prepare(c registry.Citizen) Record { return Interner{}.Prepare(c) }

// Prepare folds a citizen into a Record, sharing the strings seen before.
func (in Interner) Prepare(c registry.Citizen) Record {
	intern := in.intern
	r := Record{
		Ref: c.RecordRef, ID: c.ID, Name: in.parseName(c.FullName), Other: in.parseName(c.OtherName), Birth: c.BirthDate, Sex: c.Sex,
		IDNumber: c.IDNumber, Cancelled: c.CancelledIDNumbers, OldNumber: c.OldIDNumber,
		Father: in.relative(c.Father), Mother: in.relative(c.Mother), Spouse: in.relative(c.Spouse),
		Household: intern(c.HouseholdRef),
		Communes:  [3]string{intern(c.Permanent.Commune), intern(c.Temporary.Commune), intern(c.Current.Commune)},
		Province:  intern(c.Permanent.Province),
		Ethnicity: intern(c.Ethnicity), BloodType: intern(c.BloodType), Phone: digits(c.Phone),
		Hometown: in.place(c.Hometown),
	}
	r.birthDigits = intern(dateDigits(c.BirthDate))
	r.soundGiven = intern(soundKey(r.Name.Given()))
	r.soundName = in.soundName(&r.Name)
	r.fp = fingerprints{id: fingerprint(r.IDNumber), household: fingerprint(r.Household), phone: fingerprint(r.Phone), old: fingerprint(r.OldNumber)}
	if c.Permanent.Commune != "" && c.Permanent.Address != "" {
		r.Address = intern(c.Permanent.Commune + "|" + textfold.Fold(c.Permanent.Address))
		r.fp.address = fingerprint(r.Address)
	}
	return r
}

func (in Interner) relative(p registry.PersonRef) Relative {
	return Relative{Name: in.parseName(p.Name), Number: p.IDNumber, fp: fingerprint(p.IDNumber)}
}

func (in Interner) place(p registry.Place) string {
	if p.Code != "" {
		return in.intern(p.Code)
	}
	return in.intern(textfold.Fold(p.Text))
}

// digits keeps the digits of a phone number, so "0912 345 678" and
// "0912345678" agree, and writes an international number ("+84 912 345
// 678", "84912345678") the national way.
func digits(s string) string {
	d := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' {
			return r
		}
		return -1
	}, s)
	if len(d) == 11 && strings.HasPrefix(d, "84") {
		return "0" + d[2:]
	}
	return d
}

// holdsNumber reports whether number (of fingerprint fp) is r's current
// or a cancelled number.
func (r *Record) holdsNumber(number string, fp uint64) bool {
	if number == "" {
		return false
	}
	if sameFP(r.fp.id, fp, r.IDNumber, number) {
		return true
	}
	for _, c := range r.Cancelled { // few records have any
		if c == number {
			return true
		}
	}
	return false
}

var fpSeed = maphash.MakeSeed() // set once; fingerprints live in one process

// fingerprint hashes an identifier; 0 stands for none.
func fingerprint(s string) uint64 {
	if s == "" {
		return 0
	}
	return max(maphash.String(fpSeed, s), 1)
}

// sameFP reports equal identifiers a and b of fingerprints fa and fb: the
// strings are read only when the fingerprints agree.
func sameFP(fa, fb uint64, a, b string) bool {
	return fa == fb && fa != 0 && a == b && a != ""
}
