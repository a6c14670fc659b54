package registry

import "dancu/internal/pdate"

// DeletedForDeath is the ground of a residence registration deleted
// because its holder died: Luật Cư trú 2020, art. 24(1)(a) for permanent
// and art. 29(1)(a) for temporary residence.
const DeletedForDeath = "death"

// SettleResidence applies the residence law to a record after any change
// (a correction, an import): a dead person's permanent and temporary
// registrations are deleted as of the death date, and a death corrected
// away (the status is no longer dead) restores the registrations that it
// deleted. Every interface that writes a record calls it, so a recorded
// death never leaves a "dead with residence" finding nobody can resolve.
func SettleResidence(c *Citizen) {
	for _, r := range []*Residence{&c.Permanent, &c.Temporary} {
		switch {
		case c.Status == Dead && r.Registered():
			r.DeletedOn, r.DeletedFor = c.DeathDate, DeletedForDeath
		case c.Status == Dead && r.DeletedFor == DeletedForDeath:
			r.DeletedOn = c.DeathDate // the death date was corrected
		case c.Status != Dead && r.DeletedFor == DeletedForDeath:
			r.DeletedOn, r.DeletedFor = pdate.Date{}, ""
		}
	}
}
