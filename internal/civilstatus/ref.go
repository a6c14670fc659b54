package civilstatus

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// Ref names a person of the register by opaque id (the desk) or by ID
// number (the hộ tịch system knows numbers, not our ids). A cancelled
// number still leads to its person.
type Ref struct {
	CitizenID string `json:"citizen_id,omitempty"`
	IDNumber  string `json:"id_number,omitempty"`
}

func (r Ref) isZero() bool { return r.CitizenID == "" && r.IDNumber == "" }

// resolve reads the person r names; field names the form field in errors.
func resolve(ctx context.Context, env procedure.Env, r Ref, field string) (registry.Citizen, error) {
	var c registry.Citizen
	var err error
	switch {
	case len(r.CitizenID) > 64 || len(r.IDNumber) > 20:
		return c, invalid(field, "too long")
	case r.CitizenID != "":
		c, err = env.Citizens.Citizen(ctx, r.CitizenID)
	case r.IDNumber != "":
		c, err = env.Citizens.CitizenByIDNumber(ctx, strings.TrimSpace(r.IDNumber))
	default:
		return c, invalid(field, "required: citizen_id or id_number")
	}
	if apperr.Is(err, apperr.NotFound) {
		return c, invalid(field, "no citizen of the register has that id or number")
	}
	if err == nil && c.Status == registry.Merged {
		return c, invalid(field, "the record was merged into another one; name the surviving record")
	}
	return c, err
}

// living refuses a record of a dead or missing person.
func living(c registry.Citizen, field string) error {
	if c.Status != registry.Alive {
		return invalid(field, "the person's record is "+string(c.Status))
	}
	return nil
}

// subjectUnit makes c's commune the dossier's responsible unit.
func subjectUnit(d *procedure.Dossier, c registry.Citizen) {
	d.Unit, d.Province = c.Permanent.Commune, c.Permanent.Province
}

// ref is how a record points to c.
func ref(c registry.Citizen) registry.PersonRef {
	return registry.PersonRef{Name: c.FullName, IDNumber: c.IDNumber}
}

func invalid(field, reason string) error {
	return apperr.WithFields("invalid form", apperr.FieldError{Field: "form." + field, Reason: reason})
}

// text trims s and bounds it.
func text(s *string, field string, max int, required bool) error {
	*s = strings.TrimSpace(*s)
	if required && *s == "" {
		return invalid(field, "required")
	}
	if utf8.RuneCountInString(*s) > max || !utf8.ValidString(*s) {
		return invalid(field, "at most "+strconv.Itoa(max)+" characters of valid UTF-8")
	}
	return nil
}

// place checks a place given by a commune or province code of the newest
// list, or free text; a code is qualified with its list.
func place(cat *units.Catalog, p *registry.Place, field string) error {
	if err := text(&p.Text, field+".text", 200, false); err != nil {
		return err
	}
	p.Code = strings.TrimSpace(p.Code)
	if p.Code == "" {
		p.List = ""
		return nil
	}
	if p.List == "" {
		p.List = string(units.List2025July)
	}
	if _, ok := cat.Lookup(units.ListID(p.List), p.Code); !ok {
		return invalid(field+".code", "not a unit of list "+p.List)
	}
	return nil
}

// pastDate requires a valid date not after today.
func pastDate(d pdate.Date, field string, env procedure.Env, full bool) error {
	switch {
	case d.IsZero():
		return invalid(field, "required")
	case d.Validate() != nil:
		return invalid(field, "not a valid date")
	case full && d.Precision() != pdate.Day:
		return invalid(field, "a full date (YYYY-MM-DD) is required")
	case d.Earliest().After(env.Now):
		return invalid(field, "is in the future")
	}
	return nil
}
