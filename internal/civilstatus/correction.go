package civilstatus

import (
	"context"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// CorrectionForm is a change or correction of civil-status data decided by
// the civil-status authority (quyết định / trích lục thay đổi, cải chính
// hộ tịch, xác định lại giới tính, xác định lại dân tộc, bổ sung thông tin
// hộ tịch). Only the fields given change; each is the new value.
type CorrectionForm struct {
	CertificateRef    string          `json:"certificate_ref"`
	Ground            string          `json:"ground"`
	Person            Ref             `json:"person"`
	FullName          *string         `json:"full_name,omitempty"`
	OtherName         *string         `json:"other_name,omitempty"`
	BirthDate         *pdate.Date     `json:"birth_date,omitempty"`
	Sex               *string         `json:"sex,omitempty"`
	BirthPlace        *string         `json:"birth_place,omitempty"`
	BirthRegistration *registry.Place `json:"birth_registration_place,omitempty"`
	Hometown          *registry.Place `json:"hometown,omitempty"`
	Ethnicity         *string         `json:"ethnicity,omitempty"`
	Nationality       *string         `json:"nationality,omitempty"`
}

// Grounds of a civil-status change (Luật Hộ tịch 2014 Điều 26–29; Bộ luật
// Dân sự 2015 Điều 26–29, 36–37).
var correctionGrounds = []string{"change", "correction", "sex_redetermination", "ethnicity_redetermination", "supplement"}

// Correction is thay đổi, cải chính, bổ sung hộ tịch, xác định lại giới
// tính, dân tộc. A new full name keeps the former one searchable (the
// register's history and its name index). When the sex or the birth year
// changes, the ID number no longer matches the person: its cancellation
// and re-establishment is the separate procedure Reestablish (TT 59/2021
// Điều 6), filed by the commune police.
var Correction = procedure.Typed[CorrectionForm]{
	Meta: procedure.Info{Code: CodeCorrection, NameVI: "Thay đổi, cải chính, bổ sung thông tin hộ tịch", NameEN: "Civil-status change or correction",
		LegalBasis: "Luật Hộ tịch 2014 Điều 26–29", WorkingDays: 3, Immediate: true},
	Validate: checkCorrection,
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f CorrectionForm) error {
		_, err := env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(c *registry.Citizen) error {
			if c.Status == registry.Merged {
				return apperr.New(apperr.Conflict, "the record was merged")
			}
			f.apply(c)
			return inconsistent(c, env)
		}, env.Meta)
		return err
	},
}

func checkCorrection(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *CorrectionForm) error {
	if err := text(&f.CertificateRef, "certificate_ref", 100, true); err != nil {
		return err
	}
	if !slices.Contains(correctionGrounds, f.Ground) {
		return invalid("ground", "one of change, correction, sex_redetermination, ethnicity_redetermination, supplement")
	}
	c, err := resolve(ctx, env, f.Person, "person")
	if err != nil {
		return err
	}
	if err := f.check(env); err != nil {
		return err
	}
	next := c
	f.apply(&next)
	if len(registry.Diff(c, next)) == 0 {
		return invalid("person", "the form changes nothing in the record")
	}
	subjectUnit(d, c)
	d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "self"}}
	return nil
}

// check validates and normalises the fields given.
func (f *CorrectionForm) check(env procedure.Env) error {
	for _, s := range []struct {
		v        *string
		field    string
		max      int
		required bool
	}{{f.FullName, "full_name", 100, true}, {f.OtherName, "other_name", 100, false}, {f.BirthPlace, "birth_place", 200, false},
		{f.Nationality, "nationality", 2, true}} {
		if s.v != nil {
			if err := text(s.v, s.field, s.max, s.required); err != nil {
				return err
			}
		}
	}
	if f.BirthDate != nil {
		if err := pastDate(*f.BirthDate, "birth_date", env, false); err != nil {
			return err
		}
	}
	if f.Sex != nil {
		sex, err := registry.ParseSex(*f.Sex)
		if err != nil {
			return invalid("sex", "M or F (Nam or Nữ)")
		}
		*f.Sex = string(sex)
	}
	if f.Ethnicity != nil {
		code, err := registry.EthnicityCode(*f.Ethnicity)
		if err != nil {
			return invalid("ethnicity", err.Error())
		}
		*f.Ethnicity = code
	}
	for _, p := range []struct {
		v     *registry.Place
		field string
	}{{f.BirthRegistration, "birth_registration_place"}, {f.Hometown, "hometown"}} {
		if p.v != nil {
			if err := place(env.Units, p.v, p.field); err != nil {
				return err
			}
		}
	}
	return nil
}

// apply sets the fields given on c.
func (f *CorrectionForm) apply(c *registry.Citizen) {
	set := func(dst *string, v *string) {
		if v != nil {
			*dst = *v
		}
	}
	set(&c.FullName, f.FullName)
	set(&c.OtherName, f.OtherName)
	set(&c.BirthPlace, f.BirthPlace)
	set(&c.Ethnicity, f.Ethnicity)
	set(&c.Nationality, f.Nationality)
	if f.BirthDate != nil {
		c.BirthDate = *f.BirthDate
	}
	if f.Sex != nil {
		c.Sex = registry.Sex(*f.Sex)
	}
	if f.BirthRegistration != nil {
		c.BirthRegistration = *f.BirthRegistration
	}
	if f.Hometown != nil {
		c.Hometown = *f.Hometown
	}
}
