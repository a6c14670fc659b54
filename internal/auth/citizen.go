package auth

import "dancu/internal/apperr"

// Citizen is a citizen acting for themself, logged in with their VNeID
// account (internal/eid; the portal receives it from the OpenID Connect
// login). It is the actor of the citizen's own use cases: reading their
// record, their cards and who accessed their data, filing a dossier
// online. It carries no jurisdiction: a citizen reaches their own record
// and nothing else.
type Citizen struct {
	CitizenID string // the opaque id of the citizen's record
	AccountID string // the VNeID account that logged in
	// Level is the account's assurance level: 1 (self-service) or 2
	// (verified in person); NĐ 69/2024 gives level 2 every feature.
	Level int
}

// Level2 is the level that gives every feature, among them online
// residence registration and the căn cước điện tử (NĐ 69/2024).
const Level2 = 2

// Check refuses a principal the login did not fill.
func (c Citizen) Check() error {
	if c.CitizenID == "" || len(c.CitizenID) > 64 || c.AccountID == "" || c.Level < 1 || c.Level > Level2 {
		return apperr.New(apperr.Unauthenticated, "log in with your VNeID account")
	}
	return nil
}

// NeedLevel2 refuses a level-1 account what only level 2 may do.
func (c Citizen) NeedLevel2(what string) error {
	if err := c.Check(); err != nil {
		return err
	}
	if c.Level < Level2 {
		return apperr.New(apperr.Forbidden, "%s needs a level-2 VNeID account (verified in person at the commune police)", what)
	}
	return nil
}
