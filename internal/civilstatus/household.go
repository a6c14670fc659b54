package civilstatus

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// HouseholdForm adjusts one member's place in a household of their
// commune: which household book (household_ref) and the relation to its
// head. Moving to another place is a residence registration, not this.
type HouseholdForm struct {
	Person         Ref    `json:"person"`
	HouseholdRef   string `json:"household_ref,omitempty"` // default: the current one
	RelationToHead string `json:"relation_to_head"`
}

// Household is điều chỉnh thông tin về cư trú (Luật Cư trú 2020 Điều 26):
// a member's relation to the household head, or the household book a
// record was wrongly filed in. A new head is named by the relation
// "head"; members who name a head get the household's head.
var Household = procedure.Typed[HouseholdForm]{
	Meta: procedure.Info{Code: CodeHousehold, NameVI: "Điều chỉnh thông tin về cư trú (quan hệ với chủ hộ)", NameEN: "Household relation adjustment",
		LegalBasis: "Luật Cư trú 2020 Điều 26; Nghị định 154/2024 Điều 9", WorkingDays: 3},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *HouseholdForm) error {
		c, err := resolve(ctx, env, f.Person, "person")
		if err != nil {
			return err
		}
		if err := living(c, "person"); err != nil {
			return err
		}
		if f.RelationToHead, err = registry.RelationToHead(f.RelationToHead); err != nil {
			return invalid("relation_to_head", err.Error())
		}
		if err := text(&f.HouseholdRef, "household_ref", 64, false); err != nil {
			return err
		}
		if f.HouseholdRef == "" {
			f.HouseholdRef = c.HouseholdRef
		}
		if f.HouseholdRef == "" {
			return invalid("household_ref", "required: the record belongs to no household")
		}
		if f.HouseholdRef != c.HouseholdRef {
			page, err := registry.HouseholdMembers(ctx, env.Citizens, f.HouseholdRef, c.Permanent.Commune, 1)
			if err != nil || len(page.Items) == 0 {
				return invalid("household_ref", "no household with that reference in the person's commune")
			}
		}
		subjectUnit(d, c)
		d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "member"}}
		return nil
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f HouseholdForm) error {
		head, err := householdHead(ctx, env, f.HouseholdRef, d.Subjects[0].CitizenID)
		if err != nil {
			return err
		}
		_, err = env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(c *registry.Citizen) error {
			if err := living(*c, "person"); err != nil {
				return apperr.New(apperr.Conflict, "the record is %s", c.Status)
			}
			c.HouseholdRef, c.RelationToHead = f.HouseholdRef, f.RelationToHead
			switch {
			case f.RelationToHead == "head":
				c.HouseholdHead = ref(*c)
			case head != nil:
				c.HouseholdHead = ref(*head)
			}
			return nil
		}, env.Meta)
		return err
	},
}

// householdHead is the living head of household ref other than self, if
// the register names one.
func householdHead(ctx context.Context, env procedure.Env, ref, self string) (*registry.Citizen, error) {
	page, err := registry.HouseholdMembers(ctx, env.Citizens, ref, "", registry.MaxHouseholdMembers)
	if err != nil {
		return nil, err
	}
	for _, m := range page.Items {
		if m.ID == self || m.Status != registry.Alive {
			continue
		}
		c, err := env.Citizens.Citizen(ctx, m.ID)
		if err != nil {
			return nil, err
		}
		if c.RelationToHead == "head" {
			return &c, nil
		}
	}
	return nil, nil
}
