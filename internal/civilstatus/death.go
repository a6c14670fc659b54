package civilstatus

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// DeathForm is a death registered by the civil-status authority (trích lục
// khai tử).
type DeathForm struct {
	CertificateRef string     `json:"certificate_ref"`
	Person         Ref        `json:"person"`
	DeathDate      pdate.Date `json:"death_date"`
	DeathPlace     string     `json:"death_place,omitempty"`
}

// Death is khai tử. The record's new version is dead on the death date;
// the residence registrations are deleted on that date (Luật Cư trú 2020
// art. 24.1.a, 29.1.a) by registry.SettleResidence, the one home of that
// rule; the register's change hooks revoke the person's cards and queue
// the citizen.died event for agencies in the same transaction. A surviving
// spouse becomes widowed.
var Death = procedure.Typed[DeathForm]{
	Meta: procedure.Info{Code: CodeDeath, NameVI: "Đăng ký khai tử", NameEN: "Death registration",
		LegalBasis: "Luật Hộ tịch 2014 Điều 33; Luật Cư trú 2020 Điều 24, 29", WorkingDays: 1, Immediate: true},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *DeathForm) error {
		if err := text(&f.CertificateRef, "certificate_ref", 100, true); err != nil {
			return err
		}
		if err := text(&f.DeathPlace, "death_place", 200, false); err != nil {
			return err
		}
		if err := pastDate(f.DeathDate, "death_date", env, false); err != nil {
			return err
		}
		c, err := resolve(ctx, env, f.Person, "person")
		if err != nil {
			return err
		}
		if c.Status == registry.Dead {
			return apperr.New(apperr.Conflict, "the death of this person is already registered")
		}
		subjectUnit(d, c)
		d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "deceased"}}
		return nil
	},
	Do: doDeath,
}

func doDeath(ctx context.Context, env procedure.Env, d *procedure.Dossier, f DeathForm) error {
	id := d.Subjects[0].CitizenID
	meta := env.Meta
	meta.ValidFrom = f.DeathDate.Earliest()
	var dead registry.Citizen
	_, err := env.Register.Update(ctx, id, 0, func(c *registry.Citizen) error {
		if c.Status == registry.Dead || c.Status == registry.Merged {
			return apperr.New(apperr.Conflict, "the record is already %s", c.Status)
		}
		c.Status, c.DeathDate = registry.Dead, f.DeathDate
		registry.SettleResidence(c)
		dead = *c
		return inconsistent(c, env)
	}, meta)
	if err != nil {
		return err
	}
	return widow(ctx, env, dead)
}

// widow marks the surviving spouse widowed when their record names the
// deceased (by number) as spouse.
func widow(ctx context.Context, env procedure.Env, deceased registry.Citizen) error {
	if deceased.Spouse.IDNumber == "" || deceased.IDNumber == "" {
		return nil
	}
	s, err := env.Citizens.CitizenByIDNumber(ctx, deceased.Spouse.IDNumber)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = env.Register.Update(ctx, s.ID, 0, func(c *registry.Citizen) error {
		if c.Spouse.IDNumber == deceased.IDNumber && c.MaritalStatus == "married" {
			c.MaritalStatus = "widowed"
		}
		return nil
	}, env.Meta)
	return err
}

// inconsistent applies the register's cross-field rules to a changed
// record.
func inconsistent(c *registry.Citizen, env procedure.Env) error {
	var bad []apperr.FieldError
	for _, p := range registry.Inconsistencies(c, env.Now) {
		bad = append(bad, apperr.FieldError{Record: c.ID, Field: p.Field, Reason: p.Reason})
	}
	if len(bad) > 0 {
		return apperr.WithFields("the change leaves the record inconsistent", bad...)
	}
	return nil
}
