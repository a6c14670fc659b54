// Package correction is the procedure by which a citizen asks the commune
// police to correct data of their own record in the population register
// (đề nghị điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư),
// with a reason and documents as evidence. The citizen files it online
// through the portal or at the desk; an officer of the commune that keeps
// the record decides it, and approval writes the requested values as one
// new version whose reason names the dossier.
//
// Civil-status data (name, birth date, sex, parents) are corrected by the
// civil-status authority (cải chính hộ tịch, Luật Hộ tịch 2014) and reach
// the register as its events, so they are not requested here.
package correction

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// Code is the kind's stable code.
const Code = "record.correction"

// Kind is the correction procedure.
var Kind = procedure.Typed[Form]{
	Meta: procedure.Info{Code: Code,
		NameVI: "Đề nghị điều chỉnh thông tin trong Cơ sở dữ liệu quốc gia về dân cư",
		NameEN: "Request to correct data in the population register",
		// ⚠️ The spec names no time limit for this request; the card
		// procedures' 7 working days (Luật Căn cước 2023 Điều 26) are used.
		LegalBasis:  "Luật Căn cước 2023 Điều 6, Điều 10; mẫu DC02 (TT 104/2020/TT-BCA)",
		WorkingDays: 7, Online: true},
	Validate: validate,
	Do:       apply,
}

// Form is what the citizen asks: each field with the value they request,
// and why.
type Form struct {
	Changes []Change `json:"changes"`
	Reason  string   `json:"reason"`
}

// Change is one field to correct. Current is the register's value when the
// request was filed (filled on reception); approval refuses to overwrite a
// value that changed since.
type Change struct {
	Field     string `json:"field"`
	Current   string `json:"current"`
	Requested string `json:"requested"`
}

// validate checks the request against the applicant's record and names
// the commune that keeps it.
func validate(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *Form) error {
	id := d.Applicant.CitizenID
	if id == "" {
		return apperr.WithFields("invalid request", apperr.FieldError{Field: "applicant.citizen_id", Reason: "required: the citizen whose record is corrected"})
	}
	z, err := env.Citizens.Citizen(ctx, id)
	if err != nil {
		return err
	}
	if z.Status != registry.Alive {
		return apperr.New(apperr.Conflict, "the record is %s; it is corrected by its own procedure", z.Status)
	}
	if err := normalise(f, z); err != nil {
		return err
	}
	home := z.Permanent
	if home.Commune == "" || !home.DeletedOn.IsZero() {
		home = z.Current
	}
	if home.Commune == "" {
		return apperr.New(apperr.Conflict, "the record names no commune of residence; apply at a commune police office")
	}
	if err := env.Covers(home.Commune, home.Province); err != nil {
		return err
	}
	d.Unit, d.Province = home.Commune, home.Province
	d.Subjects = []procedure.Subject{{CitizenID: z.ID, Role: "holder"}}
	return nil
}

// apply writes the requested values onto the locked record.
func apply(ctx context.Context, env procedure.Env, d *procedure.Dossier, f Form) error {
	_, err := env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(z *registry.Citizen) error {
		for _, ch := range f.Changes {
			fd := fields[ch.Field]
			if fd.get(z) != ch.Current {
				return apperr.New(apperr.Conflict, "%s changed since the request was filed; refuse it and ask for a new one", ch.Field)
			}
			fd.set(z, ch.Requested)
		}
		return nil
	}, env.Meta)
	return err
}
