// Package registry is the population register's domain: citizens,
// households, residence and their versioned history, plus the rules that
// turn an import row into a citizen. It defines what it needs from storage
// as the Store interface and imports no SQL or HTTP package.
package registry

import (
	"time"

	"dancu/internal/pdate"
	"dancu/internal/person"
)

// Sex as recorded on DC01. The type lives in person so that card and chip
// can use it without importing the register.
type Sex = person.Sex

const (
	Male   = person.Male
	Female = person.Female
)

// Status of a person in the register. Deletion is never a row removal: a
// death, a disappearance or a merge into another record is a status.
type Status string

const (
	Alive   Status = "alive"
	Dead    Status = "dead"
	Missing Status = "missing"
	// Merged marks a record folded into another one by data cleaning.
	Merged Status = "merged"
)

// Place is a location given as an administrative unit, free text, or both.
// Code is qualified by List because codes were reused in 2025.
type Place struct {
	Code string `json:"code,omitempty"`
	List string `json:"list,omitempty"`
	Text string `json:"text,omitempty"`
}

// Residence is one kind of residence (permanent, temporary, current).
// Commune is a code of the newest unit list; the code as written on the form
// is kept in SourceCode so nothing is lost by mapping forward.
type Residence struct {
	Commune  string     `json:"commune,omitempty"`
	Province string     `json:"province,omitempty"`
	Address  string     `json:"address,omitempty"`
	Since    pdate.Date `json:"since,omitzero"`
	// Until is the end of a temporary residence's term (tạm trú is
	// registered for at most two years, Luật Cư trú 2020 art. 27).
	Until      pdate.Date `json:"until,omitzero"`
	SourceCode string     `json:"source_code,omitempty"`
	// DeletedOn and DeletedFor record that the registration was deleted
	// (xóa đăng ký thường trú / tạm trú) and on what ground. The place is
	// kept: it is the person's last residence and names the unit that
	// keeps the record.
	DeletedOn  pdate.Date `json:"deleted_on,omitzero"`
	DeletedFor string     `json:"deleted_for,omitempty"`
}

// IsZero reports an empty residence.
func (r Residence) IsZero() bool { return r == Residence{} }

// Registered reports a residence that names a place and whose
// registration was not deleted.
func (r Residence) Registered() bool {
	return (r.Commune != "" || r.Address != "") && r.DeletedFor == ""
}

// Absence is a declared temporary absence: the case of art. 31(1) (a to
// d), the period and where the person went.
type Absence struct {
	Case        string     `json:"case"`
	From        pdate.Date `json:"from"`
	Until       pdate.Date `json:"until,omitzero"`
	Destination string     `json:"destination,omitempty"`
	Reason      string     `json:"reason,omitempty"`
}

// IsZero reports no declared absence.
func (a Absence) IsZero() bool { return a == Absence{} }

// PersonRef points to a relative by name and number; CitizenID is filled on
// read when the number belongs to a citizen of the register.
type PersonRef struct {
	Name      string `json:"name,omitempty"`
	IDNumber  string `json:"id_number,omitempty"`
	CitizenID string `json:"citizen_id,omitempty"`
}

// IsZero reports an empty reference.
func (p PersonRef) IsZero() bool { return p.Name == "" && p.IDNumber == "" }

// Citizen is the current (or as-of) state of one person's record: every field
// of DC01 and of Luật Căn cước 2023 art. 9 that the register holds.
type Citizen struct {
	ID                 string     `json:"id"` // opaque, stable; never the ID number
	IDNumber           string     `json:"id_number,omitempty"`
	CancelledIDNumbers []string   `json:"cancelled_id_numbers,omitempty"`
	OldIDNumber        string     `json:"old_id_number,omitempty"`
	FullName           string     `json:"full_name"`
	OtherName          string     `json:"other_name,omitempty"`
	BirthDate          pdate.Date `json:"birth_date"`
	Sex                Sex        `json:"sex"`
	BirthPlace         string     `json:"birth_place,omitempty"`
	BirthRegistration  Place      `json:"birth_registration_place,omitzero"`
	Hometown           Place      `json:"hometown,omitzero"`
	Ethnicity          string     `json:"ethnicity,omitempty"`
	Religion           string     `json:"religion,omitempty"`
	Nationality        string     `json:"nationality,omitempty"`
	BloodType          string     `json:"blood_type,omitempty"`
	MaritalStatus      string     `json:"marital_status,omitempty"`
	Permanent          Residence  `json:"permanent,omitzero"`
	Temporary          Residence  `json:"temporary,omitzero"`
	Current            Residence  `json:"current,omitzero"`
	Father             PersonRef  `json:"father,omitzero"`
	Mother             PersonRef  `json:"mother,omitzero"`
	Spouse             PersonRef  `json:"spouse,omitzero"`
	Representative     PersonRef  `json:"representative,omitzero"`
	// Absence is the declared temporary absence (khai báo tạm vắng,
	// Luật Cư trú 2020 art. 31), when one was declared.
	Absence        Absence    `json:"absence,omitzero"`
	HouseholdRef   string     `json:"household_ref,omitempty"`
	HouseholdHead  PersonRef  `json:"household_head,omitzero"`
	RelationToHead string     `json:"relation_to_head,omitempty"`
	Phone          string     `json:"phone,omitempty"`
	Email          string     `json:"email,omitempty"`
	Status         Status     `json:"status"`
	DeathDate      pdate.Date `json:"death_date,omitzero"`
	// MergedInto is the surviving record when Status is Merged.
	MergedInto string `json:"merged_into,omitempty"`
	// RecordRef is the provenance: the import form this record came from.
	RecordRef string `json:"record_ref,omitempty"`
	// Version is the number of the version this state comes from.
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at,omitzero"`
}

// Relatives returns the citizen's references to other people, in a fixed
// order: father, mother, spouse, representative, household head.
func (c *Citizen) Relatives() [5]*PersonRef {
	return [5]*PersonRef{&c.Father, &c.Mother, &c.Spouse, &c.Representative, &c.HouseholdHead}
}

// Version is one entry of a citizen's append-only history.
type Version struct {
	CitizenID  string    `json:"citizen_id"`
	Number     int       `json:"version"`
	RecordedAt time.Time `json:"recorded_at"`
	// ValidFrom is the legal effective date, which may precede RecordedAt
	// (a death registered a week later).
	ValidFrom time.Time `json:"valid_from"`
	Actor     string    `json:"actor"`
	Reason    string    `json:"reason"`
	// Previous holds the changed fields' earlier values (field -> value);
	// empty for the first version.
	Previous map[string]any `json:"previous,omitempty"`
	Data     Citizen        `json:"data"`
}

// clone copies c deeply enough for a change function to edit the copy
// without touching c (the slices a change appends to).
func (c Citizen) clone() Citizen {
	c.CancelledIDNumbers = append([]string(nil), c.CancelledIDNumbers...)
	return c
}
