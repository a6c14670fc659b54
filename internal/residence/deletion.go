package residence

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// DeletionForm is xóa đăng ký thường trú / tạm trú: whose registration,
// on which ground, on which decision or evidence.
type DeletionForm struct {
	CitizenID string `json:"citizen_id"`
	Ground    string `json:"ground"`
	// Decision names the decision or evidence (a court decision, the
	// annulment, a follow-up's causing dossier).
	Decision string `json:"decision,omitempty"`
	Note     string `json:"note,omitempty"`
	// The registration deleted (filled when received).
	Commune string `json:"commune,omitempty"`
	Address string `json:"address,omitempty"`
}

// PermanentDeletionKind is xóa đăng ký thường trú (art. 24), prepared by
// one officer and approved by another.
var PermanentDeletionKind = deletionKind(Permanent, "residence.permanent_deletion", "Xóa đăng ký thường trú",
	"Deletion of permanent residence", "Luật Cư trú 2020 Điều 24; NĐ 154/2024 sửa đổi bởi NĐ 58/2026")

// TemporaryDeletionKind is xóa đăng ký tạm trú (art. 29).
var TemporaryDeletionKind = deletionKind(Temporary, "residence.temporary_deletion", "Xóa đăng ký tạm trú",
	"Deletion of temporary residence", "Luật Cư trú 2020 Điều 29; NĐ 154/2024 sửa đổi bởi NĐ 58/2026")

func deletionKind(registration, code, vi, en, basis string) procedure.Typed[DeletionForm] {
	return procedure.Typed[DeletionForm]{
		Meta: procedure.Info{Code: code, NameVI: vi, NameEN: en, LegalBasis: basis, WorkingDays: 1, MakerChecker: true},
		Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *DeletionForm) error {
			return validateDeletion(ctx, env, d, f, registration)
		},
		Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f DeletionForm) error {
			return applyDeletion(ctx, env, f, registration)
		},
	}
}

// registrationOf is the registration a deletion applies to.
func registrationOf(c *registry.Citizen, registration string) *registry.Residence {
	if registration == Temporary {
		return &c.Temporary
	}
	return &c.Permanent
}

func validateDeletion(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *DeletionForm, registration string) error {
	var p problems
	text(&p, "decision", &f.Decision, 200, false)
	text(&p, "note", &f.Note, 500, false)
	if f.CitizenID == "" || len(f.CitizenID) > 64 {
		p.add("citizen_id", "required: the citizen's record id")
		return p.err("deletion")
	}
	c, err := env.Citizens.Citizen(ctx, f.CitizenID)
	if err != nil {
		return err
	}
	r := registrationOf(&c, registration)
	g, known := GroundOf(registration, f.Ground)
	switch {
	case !r.Registered():
		p.add("citizen_id", "has no %s residence registration to delete", registration)
	case !known:
		p.add("ground", "not a ground of deleting a %s registration (see GET /api/v1/procedures)", registration)
	case g.Code == GroundRegisteredElsewhere || g.Code == GroundPermanentHere:
		p.add("ground", "follows a new registration by itself; it is not filed")
	case g.Code == registry.DeletedForDeath && c.Status != registry.Dead:
		p.add("ground", "the record does not show a death: register the death (khai tử) first; it deletes the residence by itself")
	}
	if err := p.err("deletion"); err != nil {
		return err
	}
	f.Commune, f.Address = r.Commune, r.Address
	d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "registrant"}}
	d.Unit, d.Province = r.Commune, r.Province
	return nil
}

func applyDeletion(ctx context.Context, env procedure.Env, f DeletionForm, registration string) error {
	err := env.Register.Amend(ctx, f.CitizenID, func(c *registry.Citizen) error {
		r := registrationOf(c, registration)
		if !r.Registered() || r.Commune != f.Commune || r.Address != f.Address {
			return apperr.New(apperr.Conflict, "the %s registration of %s changed since the dossier was received; refuse it", registration, c.ID)
		}
		r.DeletedOn, r.DeletedFor = today(env), f.Ground
		return nil
	}, env.Meta)
	return err
}
