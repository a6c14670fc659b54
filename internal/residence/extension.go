package residence

import (
	"context"
	"fmt"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// ExtensionWindowDays is how early before the end of the term an
// extension is filed (art. 28(3): within 15 days before it expires).
const ExtensionWindowDays = 15

// ExtensionForm is gia hạn tạm trú: the members of one tạm trú and the
// new end of the term.
type ExtensionForm struct {
	Members []Member   `json:"members"`
	Until   pdate.Date `json:"until"`
	// Filled when received: the registration extended.
	Commune       string        `json:"commune,omitempty"`
	Province      string        `json:"province,omitempty"`
	Address       string        `json:"address,omitempty"`
	Expires       pdate.Date    `json:"expires,omitzero"`
	Accommodation Accommodation `json:"accommodation"`
}

// ExtensionKind is gia hạn tạm trú.
var ExtensionKind = procedure.Typed[ExtensionForm]{
	Meta: procedure.Info{Online: true, Code: "residence.temporary_extension", NameVI: "Gia hạn tạm trú", NameEN: "Temporary residence extension",
		TTHC: "1.002755", LegalBasis: "Luật Cư trú 2020 Điều 28.3; NĐ 154/2024", WorkingDays: 3,
		Fees: registrationFees(10000, 5000)},
	Validate: validateExtension,
	Do:       applyExtension,
}

func validateExtension(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *ExtensionForm) error {
	var p problems
	recs := members(ctx, env, &p, f.Members)
	day := today(env)
	for i, c := range recs {
		field := fmt.Sprintf("members[%d].citizen_id", i)
		t := c.Temporary
		switch {
		case !t.Registered() || t.Until.IsZero():
			p.add(field, "has no registered tạm trú with a term to extend")
		case i == 0:
			f.Commune, f.Province, f.Address, f.Expires = t.Commune, t.Province, t.Address, t.Until
		case t.Commune != f.Commune || t.Address != f.Address || t.Until != f.Expires:
			p.add(field, "registered at another place or term: one dossier extends one registration")
		}
	}
	if !f.Expires.IsZero() {
		opens := addDate(f.Expires, 0, 0, -ExtensionWindowDays)
		if day.Compare(opens) < 0 || day.Compare(f.Expires) > 0 {
			p.add("members", "the term ends on %s: an extension is filed from %s to that day (art. 28.3)", f.Expires, opens)
		}
		switch {
		case !fullDate(f.Until) || f.Until.Compare(f.Expires) <= 0:
			p.add("until", "a full date after the current end of the term (%s)", f.Expires)
		case f.Until.Compare(addDate(f.Expires, MaxTermYears, 0, 0)) > 0:
			p.add("until", "an extension is at most %d years (until %s)", MaxTermYears, addDate(f.Expires, MaxTermYears, 0, 0))
		}
	}
	checkAccommodation(&p, &f.Accommodation)
	if err := p.err("extension form"); err != nil {
		return err
	}
	d.Subjects = subjects(f.Members, "")
	d.Unit, d.Province = f.Commune, f.Province
	return nil
}

func applyExtension(ctx context.Context, env procedure.Env, d *procedure.Dossier, f ExtensionForm) error {
	if err := proven(d, f.Accommodation); err != nil {
		return err
	}
	for _, m := range f.Members {
		err := env.Register.Amend(ctx, m.CitizenID, func(c *registry.Citizen) error {
			if err := stillAlive(c); err != nil {
				return err
			}
			t := c.Temporary
			if !t.Registered() || t.Commune != f.Commune || t.Address != f.Address || t.Until != f.Expires {
				return apperr.New(apperr.Conflict, "the tạm trú of %s changed since the dossier was received; refuse it", c.ID)
			}
			c.Temporary.Until = f.Until
			return nil
		}, env.Meta)
		if err != nil {
			return err
		}
	}
	return nil
}
