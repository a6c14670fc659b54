package residence

import (
	"context"
	"fmt"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// MaxMembers bounds the people one dossier registers (a household).
const MaxMembers = 50

// Member is a person a dossier registers, with their relation to the
// household head where the kind sets one.
type Member struct {
	CitizenID string `json:"citizen_id"`
	Relation  string `json:"relation_to_head,omitempty"`
}

// Accommodation is the proof of lawful accommodation (chỗ ở hợp pháp,
// NĐ 154/2024 art. 5): its basis, and where it can be looked up in a
// connected database when no paper is attached.
type Accommodation struct {
	Basis     string `json:"basis"` // owned, rented, lent, relative, other
	LookupRef string `json:"lookup_ref,omitempty"`
}

var accommodationBases = []string{"owned", "rented", "lent", "relative", "other"}

// Consent is the owner's or household head's consent (ý kiến đồng ý on
// form CT01): who gave it, and whether it is signed on the form itself;
// otherwise an owner_consent document must be attached.
type Consent struct {
	By     string `json:"by,omitempty"` // the consenting person's citizen id or name
	OnForm bool   `json:"on_form,omitempty"`
}

// problems collects a form's field errors.
type problems []apperr.FieldError

func (p *problems) add(field, format string, args ...any) {
	*p = append(*p, apperr.FieldError{Field: "form." + field, Reason: fmt.Sprintf(format, args...)})
}

func (p problems) err(what string) error {
	if len(p) == 0 {
		return nil
	}
	return apperr.WithFields("invalid "+what, p...)
}

// today is the day in Vietnam of env's clock.
func today(env procedure.Env) pdate.Date { return procedure.Day(env.Now) }

// addDate moves a full date by years, months and days.
func addDate(d pdate.Date, y, m, days int) pdate.Date {
	t, ok := d.Time()
	if !ok {
		return d
	}
	return pdate.FromTime(t.AddDate(y, m, days))
}

// fullDate reports whether d is a full date.
func fullDate(d pdate.Date) bool { return d.Year > 0 && d.Month > 0 && d.Day > 0 }

// communeOf checks a commune code of the newest list and returns its
// province.
func communeOf(cat *units.Catalog, code string) (string, bool) {
	u, ok := cat.Lookup(auth.UnitList, code)
	if !ok || u.Level != units.Commune {
		return "", false
	}
	p, ok := cat.ProvinceOf(auth.UnitList, code)
	return p.Code, ok
}

// text trims s and checks its length.
func text(p *problems, field string, s *string, max int, required bool) {
	*s = strings.TrimSpace(*s)
	switch {
	case required && *s == "":
		p.add(field, "required")
	case utf8.RuneCountInString(*s) > max || !utf8.ValidString(*s):
		p.add(field, "at most %d characters", max)
	}
}

// living reads a subject of a new dossier: a current record of a living
// person.
func living(ctx context.Context, env procedure.Env, p *problems, field, id string) (registry.Citizen, bool) {
	if id == "" || len(id) > 64 {
		p.add(field, "required: the citizen's record id")
		return registry.Citizen{}, false
	}
	c, err := env.Citizens.Citizen(ctx, id)
	switch {
	case apperr.Is(err, apperr.NotFound):
		p.add(field, "no citizen with id %s", id)
		return c, false
	case err != nil:
		p.add(field, "cannot read the record: %v", err)
		return c, false
	case c.Status != registry.Alive:
		p.add(field, "the record's status is %s: only a living person's residence is registered", c.Status)
		return c, false
	}
	return c, true
}

// stillAlive is Apply's re-check on a locked record.
func stillAlive(c *registry.Citizen) error {
	if c.Status != registry.Alive {
		return apperr.New(apperr.Conflict, "record %s is now %s; the dossier no longer fits, refuse it", c.ID, c.Status)
	}
	return nil
}

// members checks a member list: present, unique, at most MaxMembers,
// each a living person; it returns the records in order.
func members(ctx context.Context, env procedure.Env, p *problems, list []Member) []registry.Citizen {
	if len(list) == 0 || len(list) > MaxMembers {
		p.add("members", "one to %d people", MaxMembers)
		return nil
	}
	seen := map[string]bool{}
	out := make([]registry.Citizen, 0, len(list))
	for i, m := range list {
		field := fmt.Sprintf("members[%d].citizen_id", i)
		if seen[m.CitizenID] {
			p.add(field, "listed twice")
			continue
		}
		seen[m.CitizenID] = true
		if c, ok := living(ctx, env, p, field, m.CitizenID); ok {
			out = append(out, c)
		}
	}
	return out
}

// proven is Apply's documents rule: the proof of lawful accommodation is
// attached or can be looked up, so approval may rest on it.
func proven(d *procedure.Dossier, a Accommodation) error {
	if a.LookupRef == "" && !d.HasDocument("accommodation_proof") {
		return apperr.New(apperr.Conflict, "the proof of lawful accommodation is missing: attach it (accommodation_proof) or request a supplement")
	}
	return nil
}

// consented is Apply's consent rule for a person who is not the owner.
func consented(d *procedure.Dossier, c Consent) error {
	if !c.OnForm && !d.HasDocument("owner_consent") {
		return apperr.New(apperr.Conflict, "the consent of the owner or household head is missing: it is signed on the form (consent.on_form) or attached (owner_consent)")
	}
	return nil
}

// checkAccommodation validates the basis of an accommodation.
func checkAccommodation(p *problems, a *Accommodation) {
	text(p, "accommodation.lookup_ref", &a.LookupRef, 100, false)
	for _, b := range accommodationBases {
		if a.Basis == b {
			return
		}
	}
	p.add("accommodation.basis", "one of %s", strings.Join(accommodationBases, ", "))
}

// ownerApplies reports an applicant who needs nobody's consent: the
// owner of the home they register at.
func ownerApplies(d *procedure.Dossier, a Accommodation) bool {
	return a.Basis == "owned" && (d.Applicant.Relation == "self" || d.Applicant.Relation == "owner")
}
