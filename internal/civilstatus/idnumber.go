package civilstatus

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// NumberForm asks to cancel (and re-establish) a person's ID number on a
// legal ground, with the papers that prove it (DocumentRef: the birth
// certificate, the decision changing or correcting civil status or
// re-determining sex).
type NumberForm struct {
	Person      Ref    `json:"person"`
	Ground      string `json:"ground"`
	DocumentRef string `json:"document_ref"`
}

// NumberResult is kept with the approved dossier.
type NumberResult struct {
	Cancelled string `json:"cancelled,omitempty"`
	IDNumber  string `json:"id_number,omitempty"`
}

// Grounds of cancelling and re-establishing a number (TT 59/2021/TT-BCA
// Điều 6; domain.md §1.6): (a) sex re-determined or birth year corrected
// under civil-status law, (b) data-entry errors in the birth-registration
// place, birth year or sex; and a record that holds no number yet.
var reestablishGrounds = []string{"sex_redetermined", "birth_year_corrected", "entry_error", "no_number"}

// Grounds of a cancellation alone: a number issued in error (to a record
// that is not a person of its own), or held by a duplicate record of a
// person whose other record keeps its number.
var cancelGrounds = []string{"issued_in_error", "duplicate_record"}

var numberInfo = procedure.Info{LegalBasis: "Thông tư 59/2021/TT-BCA Điều 6; Luật Căn cước 2023 Điều 12",
	WorkingDays: 7, MakerChecker: true}

// Reestablish is hủy và xác lập lại số định danh cá nhân: the commune
// police prepares it, another officer decides (maker-checker). The new
// number is drawn in the block the person's current data gives; the old
// one is kept as cancelled, leads to the person and names the new one, and
// agencies receive id_number.cancelled (with replaced_by) and
// id_number.issued. A number that already fits the person's data is not
// re-established: correct the data first (Correction).
var Reestablish = procedure.Typed[NumberForm]{
	Meta: withNames(numberInfo, CodeReestablish, "Hủy, xác lập lại số định danh cá nhân", "ID number cancellation and re-establishment"),
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *NumberForm) error {
		c, err := numberSubject(ctx, env, d, f, reestablishGrounds)
		if err != nil {
			return err
		}
		return reestablishable(env, c, f.Ground)
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f NumberForm) error {
		c, err := lockSubject(ctx, env, d, func(c registry.Citizen) error { return reestablishable(env, c, f.Ground) })
		if err != nil {
			return err
		}
		block, err := registry.BlockFor(env.Units, c)
		if err != nil {
			return apperr.New(apperr.Conflict, "the person's data give no ID-number block: %v", err)
		}
		number, err := env.Citizens.AllocateIDNumber(ctx, block)
		if err != nil {
			return err
		}
		if _, err := env.Register.ReplaceIDNumber(ctx, c.ID, number, env.Meta); err != nil {
			return err
		}
		d.Result, err = json.Marshal(NumberResult{Cancelled: c.IDNumber, IDNumber: number})
		return err
	},
}

// Cancel is hủy số định danh cá nhân alone: the record keeps no number;
// the cancelled one stays linked to it and is never issued again.
var Cancel = procedure.Typed[NumberForm]{
	Meta: withNames(numberInfo, CodeCancel, "Hủy số định danh cá nhân", "ID number cancellation"),
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *NumberForm) error {
		c, err := numberSubject(ctx, env, d, f, cancelGrounds)
		if err == nil && c.IDNumber == "" {
			err = invalid("person", "the record holds no ID number")
		}
		return err
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f NumberForm) error {
		c, err := lockSubject(ctx, env, d, func(c registry.Citizen) error {
			if c.IDNumber == "" {
				return apperr.New(apperr.Conflict, "the record no longer holds an ID number")
			}
			return nil
		})
		if err != nil {
			return err
		}
		if _, err := env.Register.CancelIDNumber(ctx, c.ID, env.Meta); err != nil {
			return err
		}
		d.Result, err = json.Marshal(NumberResult{Cancelled: c.IDNumber})
		return err
	},
}

func withNames(info procedure.Info, code, vi, en string) procedure.Info {
	info.Code, info.NameVI, info.NameEN = code, vi, en
	return info
}

// numberSubject checks a number form and resolves its living subject.
func numberSubject(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *NumberForm, grounds []string) (registry.Citizen, error) {
	if !slices.Contains(grounds, f.Ground) {
		return registry.Citizen{}, invalid("ground", "one of "+strings.Join(grounds, ", "))
	}
	if err := text(&f.DocumentRef, "document_ref", 200, true); err != nil {
		return registry.Citizen{}, err
	}
	c, err := resolve(ctx, env, f.Person, "person")
	if err != nil {
		return c, err
	}
	if err := living(c, "person"); err != nil {
		return c, err
	}
	subjectUnit(d, c)
	d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "holder"}}
	return c, nil
}

// lockSubject locks the dossier's subject and re-checks it with still.
func lockSubject(ctx context.Context, env procedure.Env, d *procedure.Dossier, still func(registry.Citizen) error) (registry.Citizen, error) {
	var locked registry.Citizen
	_, err := env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(c *registry.Citizen) error {
		if c.Status != registry.Alive {
			return apperr.New(apperr.Conflict, "the record is %s", c.Status)
		}
		locked = *c
		return still(*c)
	}, env.Meta)
	return locked, err
}

// numberCodes are the findings that say a number does not fit its holder.
var numberCodes = []string{quality.CodeIDInvalidFormat, quality.CodeIDUnknownPrefix, quality.CodeIDProvinceMismatch,
	quality.CodeIDBirthYear, quality.CodeIDSex}

// reestablishable refuses a re-establishment whose ground the record does
// not show: a number that fits the person's data stays.
func reestablishable(env procedure.Env, c registry.Citizen, ground string) error {
	if ground == "no_number" {
		if c.IDNumber != "" {
			return invalid("ground", "the record holds a number")
		}
		return nil
	}
	if c.IDNumber == "" {
		return invalid("ground", "the record holds no number: use no_number")
	}
	now := env.Now
	for _, f := range quality.New(env.Units, func() time.Time { return now }).Record(&c) {
		if slices.Contains(numberCodes, f.Code) {
			return nil
		}
	}
	return apperr.New(apperr.Conflict, "the ID number matches the person's birth registration place, birth year and sex; correct the civil-status data first")
}
