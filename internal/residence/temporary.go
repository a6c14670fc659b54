package residence

import (
	"context"
	"encoding/json"
	"fmt"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// MaxTermYears is the longest term of one tạm trú registration or
// extension (Luật Cư trú 2020 art. 27(3)).
const MaxTermYears = 2

// TemporaryForm is form CT01 for tạm trú (a person, a household, or a
// list registration).
type TemporaryForm struct {
	Members       []Member      `json:"members"`
	Commune       string        `json:"commune"`
	Address       string        `json:"address"`
	From          pdate.Date    `json:"from,omitzero"` // default: the day received
	Until         pdate.Date    `json:"until"`
	Accommodation Accommodation `json:"accommodation"`
	Consent       Consent       `json:"consent,omitzero"`
	Province      string        `json:"province,omitempty"` // filled when received
}

// TemporaryKind is đăng ký tạm trú.
var TemporaryKind = procedure.Typed[TemporaryForm]{
	Meta: procedure.Info{Online: true, Code: "residence.temporary", NameVI: "Đăng ký tạm trú", NameEN: "Temporary residence registration",
		TTHC: "1.004194", LegalBasis: "Luật Cư trú 2020 Điều 27-28; NĐ 154/2024", WorkingDays: 3,
		Fees: registrationFees(15000, 7000)},
	Validate: validateTemporary,
	Do:       applyTemporary,
}

func validateTemporary(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *TemporaryForm) error {
	var p problems
	recs := members(ctx, env, &p, f.Members)
	prov, ok := communeOf(env.Units, f.Commune)
	if !ok {
		p.add("commune", "required: a commune code of the current unit list")
	}
	f.Province = prov
	text(&p, "address", &f.Address, 200, true)
	day := today(env)
	if f.From.IsZero() {
		f.From = day
	}
	term(&p, f.From, f.Until, day)
	for i, c := range recs {
		if c.Permanent.Registered() && c.Permanent.Commune == f.Commune {
			p.add(fmt.Sprintf("members[%d].citizen_id", i), "registered permanent residence in commune %s: tạm trú is registered outside it (art. 27)", f.Commune)
		}
	}
	checkAccommodation(&p, &f.Accommodation)
	text(&p, "consent.by", &f.Consent.By, 100, false)
	if err := p.err("temporary residence form"); err != nil {
		return err
	}
	d.Subjects = subjects(f.Members, "")
	d.Unit, d.Province = f.Commune, f.Province
	return nil
}

// term checks a tạm trú term: full dates, from not in the past beyond a
// month (the registration is made within 30 days of arriving), until
// after from and at most MaxTermYears later.
func term(p *problems, from, until, day pdate.Date) {
	switch {
	case !fullDate(from) || from.Compare(addDate(day, 0, 0, -30)) < 0:
		p.add("from", "a full date no more than 30 days ago")
	case !fullDate(until) || until.Compare(from) <= 0:
		p.add("until", "required: a full date after the start of the term")
	case until.Compare(addDate(from, MaxTermYears, 0, 0)) > 0:
		p.add("until", "the term is at most %d years (until %s)", MaxTermYears, addDate(from, MaxTermYears, 0, 0))
	}
}

func applyTemporary(ctx context.Context, env procedure.Env, d *procedure.Dossier, f TemporaryForm) error {
	if err := proven(d, f.Accommodation); err != nil {
		return err
	}
	if !ownerApplies(d, f.Accommodation) {
		if err := consented(d, f.Consent); err != nil {
			return err
		}
	}
	for _, m := range f.Members {
		err := env.Register.Amend(ctx, m.CitizenID, func(c *registry.Citizen) error {
			if err := stillAlive(c); err != nil {
				return err
			}
			if c.Permanent.Registered() && c.Permanent.Commune == f.Commune {
				return apperr.New(apperr.Conflict, "%s now has permanent residence in commune %s; refuse the dossier", c.ID, f.Commune)
			}
			c.Temporary = registry.Residence{Commune: f.Commune, Province: f.Province, Address: f.Address, Since: f.From, Until: f.Until}
			return nil
		}, env.Meta)
		if err != nil {
			return err
		}
	}
	return nil
}

// storeResult keeps what approval produced with the dossier.
func storeResult(d *procedure.Dossier, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return apperr.Wrap(err, "encode the result")
	}
	d.Result = b
	return nil
}
