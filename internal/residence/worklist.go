package residence

import (
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// AbsentMonths is the absence after which a permanent registration is
// deleted unless the person registered tạm trú or declared tạm vắng
// (Luật Cư trú 2020 art. 24(1)(d)).
const AbsentMonths = 12

// Absentee is one line of the worklist of art. 24(1)(d).
type Absentee struct {
	CitizenID string             `json:"citizen_id"`
	IDNumber  string             `json:"id_number,omitempty"`
	FullName  string             `json:"full_name"`
	BirthDate pdate.Date         `json:"birth_date"`
	Permanent registry.Residence `json:"permanent"`
	Current   registry.Residence `json:"current"`
	// AbsentSince is when the person began to live elsewhere (the
	// current residence's start).
	AbsentSince pdate.Date `json:"absent_since"`
}

// AbsentTooLong applies art. 24(1)(d) to a record on day: a living person
// with a permanent registration whose current residence has been in
// another commune for AbsentMonths or more, with neither a tạm trú in
// force nor a tạm vắng covering day.
func AbsentTooLong(c *registry.Citizen, day pdate.Date) (Absentee, bool) {
	cur := c.Current
	switch {
	case c.Status != registry.Alive || !c.Permanent.Registered():
		return Absentee{}, false
	case cur.Commune == "" || cur.Commune == c.Permanent.Commune || !fullDate(cur.Since):
		return Absentee{}, false
	case addDate(cur.Since, 0, AbsentMonths, 0).Compare(day) > 0:
		return Absentee{}, false
	case InForce(c.Temporary, day):
		return Absentee{}, false
	case inForce(!c.Absence.IsZero(), c.Absence.Until, day):
		return Absentee{}, false
	}
	return Absentee{CitizenID: c.ID, IDNumber: c.IDNumber, FullName: c.FullName, BirthDate: c.BirthDate,
		Permanent: c.Permanent, Current: cur, AbsentSince: cur.Since}, true
}

// inForce reports a registration or declaration that covers day.
func inForce(present bool, until, day pdate.Date) bool {
	return present && (until.IsZero() || until.Compare(day) >= 0)
}
