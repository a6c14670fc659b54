package residence

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// move registers the members' permanent residence at the household's (or
// the new household's) place. A member whose registration was in another
// commune leaves a follow-up deletion there; a tạm trú in the same commune
// ends (art. 29(1)(đ)).
func move(ctx context.Context, env procedure.Env, d *procedure.Dossier, f PermanentForm) error {
	if err := env.Covers(f.Commune, f.Province); err != nil {
		return err
	}
	day := today(env)
	ref := f.Household
	var head registry.PersonRef
	if f.Case == NewHousehold {
		ref = f.NewHousehold
	}
	headRec, err := env.Citizens.Citizen(ctx, f.Head)
	if err != nil {
		return apperr.Wrap(err, "read the household head")
	}
	if f.Case == JoinHousehold && (headRec.HouseholdRef != f.Household || headRec.RelationToHead != "head" || headRec.Status != registry.Alive) {
		return apperr.New(apperr.Conflict, "household %s has changed its head since the dossier was received; refuse it", f.Household)
	}
	head = headRef(headRec)
	for _, m := range f.Members {
		var old registry.Residence
		err := env.Register.Amend(ctx, m.CitizenID, func(c *registry.Citizen) error {
			if err := stillAlive(c); err != nil {
				return err
			}
			old = c.Permanent
			c.Permanent = registry.Residence{Commune: f.Commune, Province: f.Province, Address: f.Address, Since: day}
			c.HouseholdRef, c.HouseholdHead, c.RelationToHead = ref, head, m.Relation
			if c.Temporary.Registered() && c.Temporary.Commune == f.Commune {
				c.Temporary.DeletedOn, c.Temporary.DeletedFor = day, GroundPermanentHere
			}
			return nil
		}, env.Meta)
		if err != nil {
			return err
		}
		if old.Registered() && old.Commune != "" && old.Commune != f.Commune {
			env.Follow(procedure.FollowUp{Kind: PermanentDeletionKind.Meta.Code, Unit: old.Commune, Province: old.Province,
				Subjects: []procedure.Subject{{CitizenID: m.CitizenID, Role: "registrant"}},
				Form: DeletionForm{CitizenID: m.CitizenID, Ground: GroundRegisteredElsewhere, Commune: old.Commune,
					Address: old.Address, Decision: d.ID}})
		}
	}
	return storeResult(d, PermanentResult{Household: ref})
}

// PermanentResult is what an approved thường trú produced.
type PermanentResult struct {
	Household string `json:"household_ref"`
}

// split moves the members into the new household at the same place.
func split(ctx context.Context, env procedure.Env, f PermanentForm) error {
	headRec, err := env.Citizens.Citizen(ctx, f.Head)
	if err != nil {
		return apperr.Wrap(err, "read the new household head")
	}
	head := headRef(headRec)
	for _, m := range f.Members {
		err := env.Register.Amend(ctx, m.CitizenID, func(c *registry.Citizen) error {
			if err := stillAlive(c); err != nil {
				return err
			}
			if c.HouseholdRef != f.Household {
				return apperr.New(apperr.Conflict, "%s has left household %s since the dossier was received; refuse it", c.ID, f.Household)
			}
			c.HouseholdRef, c.HouseholdHead, c.RelationToHead = f.NewHousehold, head, m.Relation
			return nil
		}, env.Meta)
		if err != nil {
			return err
		}
	}
	return storeResult(env.Dossier, PermanentResult{Household: f.NewHousehold})
}

// changeHead makes f.Head the head of every living member of the
// household, with the relations the form gives.
func changeHead(ctx context.Context, env procedure.Env, f PermanentForm) error {
	hm, _, err := household(ctx, env, f.Household)
	if err != nil {
		return apperr.New(apperr.Conflict, "household %s: %v", f.Household, err)
	}
	rel := map[string]string{}
	for _, m := range f.Members {
		rel[m.CitizenID] = m.Relation
	}
	var head registry.PersonRef
	found := false
	for _, c := range hm {
		if c.ID == f.Head {
			head, found = headRef(c), true
		}
	}
	if !found {
		return apperr.New(apperr.Conflict, "the new head is no longer a living member of household %s; refuse the dossier", f.Household)
	}
	for _, m := range hm {
		err := env.Register.Amend(ctx, m.ID, func(c *registry.Citizen) error {
			c.HouseholdHead = head
			if r, ok := rel[c.ID]; ok {
				c.RelationToHead = r
			} else if c.RelationToHead == "head" {
				c.RelationToHead = "other" // the former head, the form gave no relation
			}
			if c.ID == f.Head {
				c.RelationToHead = "head"
			}
			return nil
		}, env.Meta)
		if err != nil {
			return err
		}
	}
	return storeResult(env.Dossier, PermanentResult{Household: f.Household})
}
