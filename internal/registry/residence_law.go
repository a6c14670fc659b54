package registry

import "dancu/internal/pdate"

// DeletedForDeath is the ground of a residence registration deleted
// because its holder died: Luật Cư trú 2020, art. 24(1)(a) for permanent
// and art. 29(1)(a) for temporary residence.
const DeletedForDeath = "death"

// SettleResidence applies the residence law to a record an officer
// changes (the API's correction, the web correction form) or a procedure
// changes (Service.Update: a death registration, khai tử): a dead
// person's permanent and temporary registrations are deleted as of the
// death date, and a death corrected away (the status is no longer dead)
// restores the registrations that it deleted. So a recorded death never
// leaves a "dead with residence" finding nobody can resolve.
//
// An import does not call it: a source that still lists a dead person's
// residence is a finding about that source, which an officer resolves by
// confirming the death (any correction of the record settles it).
//
// It is the one home of the rule "a death deletes the residence": the
// residence history (internal/residence) shows the deletion with this
// ground and the procedure or correction whose version made it.
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
