package residence

import (
	"context"

	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// Cases of đăng ký thường trú.
const (
	JoinHousehold  = "join_household"  // move into an existing household (art. 20(2), 21)
	NewHousehold   = "new_household"   // register as a new household at a lawful home (art. 20(1))
	SplitHousehold = "split_household" // tách hộ (art. 25)
	ChangeHead     = "change_head"     // a new household head (art. 26, điều chỉnh thông tin)
)

// PermanentForm is form CT01 for thường trú.
type PermanentForm struct {
	Case    string   `json:"case"`
	Members []Member `json:"members"`
	// Commune and Address are the new permanent residence (new_household);
	// the other cases take the household's.
	Commune string `json:"commune,omitempty"`
	Address string `json:"address,omitempty"`
	// Household is the household joined, split or given a new head; for
	// new_household and split_household it becomes the new household's
	// reference once received.
	Household string `json:"household_ref,omitempty"`
	// Head is the citizen id of the (new) household head; for
	// join_household it is the household's head, filled when received.
	Head          string        `json:"head,omitempty"`
	Accommodation Accommodation `json:"accommodation,omitzero"`
	Consent       Consent       `json:"consent,omitzero"`
	// Filled when received.
	Province string `json:"province,omitempty"`
	// NewHousehold is the reference given to the new household.
	NewHousehold string `json:"new_household_ref,omitempty"`
}

// PermanentKind is đăng ký thường trú.
var PermanentKind = procedure.Typed[PermanentForm]{
	Meta: procedure.Info{Online: true, Code: "residence.permanent", NameVI: "Đăng ký thường trú", NameEN: "Permanent residence registration",
		TTHC: "1.004222", LegalBasis: "Luật Cư trú 2020 Điều 20-22, 25, 26; NĐ 154/2024", WorkingDays: 7,
		Fees: registrationFees(20000, 10000)},
	Validate: validatePermanent,
	Do:       applyPermanent,
}

// registrationFees is the fee schedule of TT 75/2022/TT-BTC with its
// exemptions (art. 4).
func registrationFees(direct, online int64) procedure.Fees {
	return procedure.Fees{Direct: direct, Online: online, Basis: "TT 75/2022/TT-BTC",
		Exemptions: []string{"child", "elderly", "disabled", "meritorious_service", "poor_household",
			"ethnic_minority_hardship_commune", "orphan_minor"}}
}

func validatePermanent(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *PermanentForm) error {
	var p problems
	text(&p, "address", &f.Address, 200, false)
	recs := members(ctx, env, &p, f.Members)
	switch f.Case {
	case JoinHousehold:
		validateJoin(ctx, env, &p, f)
	case NewHousehold:
		validateNew(env, &p, d, f)
	case SplitHousehold:
		validateSplit(ctx, env, &p, d, f, recs)
	case ChangeHead:
		validateChangeHead(ctx, env, &p, f, recs)
	default:
		p.add("case", "one of %s, %s, %s, %s", JoinHousehold, NewHousehold, SplitHousehold, ChangeHead)
	}
	if f.Case == JoinHousehold || f.Case == NewHousehold {
		checkAccommodation(&p, &f.Accommodation)
	}
	text(&p, "consent.by", &f.Consent.By, 100, false)
	if err := p.err("permanent residence form"); err != nil {
		return err
	}
	d.Subjects = subjects(f.Members, f.Head)
	d.Unit, d.Province = f.Commune, f.Province
	return nil
}

// subjects lists the members, the head marked.
func subjects(ms []Member, head string) []procedure.Subject {
	out := make([]procedure.Subject, 0, len(ms)+1)
	seen := false
	for _, m := range ms {
		role := "member"
		if m.CitizenID == head {
			role, seen = "head", true
		}
		out = append(out, procedure.Subject{CitizenID: m.CitizenID, Role: role})
	}
	if !seen && head != "" {
		out = append(out, procedure.Subject{CitizenID: head, Role: "head"})
	}
	return out
}

func applyPermanent(ctx context.Context, env procedure.Env, d *procedure.Dossier, f PermanentForm) error {
	switch f.Case {
	case JoinHousehold, NewHousehold:
		if err := proven(d, f.Accommodation); err != nil {
			return err
		}
		if !ownerApplies(d, f.Accommodation) {
			if err := consented(d, f.Consent); err != nil {
				return err
			}
		}
		return move(ctx, env, d, f)
	case SplitHousehold:
		if err := consented(d, f.Consent); err != nil {
			return err
		}
		return split(ctx, env, f)
	default:
		return changeHead(ctx, env, f)
	}
}

// headRef is the household-head reference of a record.
func headRef(c registry.Citizen) registry.PersonRef {
	return registry.PersonRef{Name: c.FullName, IDNumber: c.IDNumber}
}
