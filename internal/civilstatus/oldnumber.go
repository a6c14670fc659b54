package civilstatus

import (
	"context"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// OldNumberForm records the 9-digit CMND number a person held, as
// confirmed from the CMND records or the person's old card, or removes
// one recorded in error (Clear).
type OldNumberForm struct {
	Person      Ref    `json:"person"`
	OldIDNumber string `json:"old_id_number,omitempty"`
	Clear       bool   `json:"clear,omitempty"`
	DocumentRef string `json:"document_ref"`
}

// OldNumber is cấp xác nhận số Chứng minh nhân dân 9 số (TTHC 1.000466):
// 7 working days when the old CMND is not in the database, 3 when it is;
// the longer limit is the dossier's.
var OldNumber = procedure.Typed[OldNumberForm]{
	Meta: procedure.Info{Code: CodeConfirmOldID, NameVI: "Xác nhận số Chứng minh nhân dân 9 số", NameEN: "Confirmation of the 9-digit CMND number",
		TTHC: "1.000466", LegalBasis: "Luật Căn cước 2023; Thông tư 17/2024/TT-BCA", WorkingDays: 7},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *OldNumberForm) error {
		if err := text(&f.DocumentRef, "document_ref", 200, true); err != nil {
			return err
		}
		f.OldIDNumber = strings.TrimSpace(f.OldIDNumber)
		switch {
		case f.Clear && f.OldIDNumber != "":
			return invalid("old_id_number", "give a number or clear, not both")
		case !f.Clear && (len(f.OldIDNumber) != 9 || strings.Trim(f.OldIDNumber, "0123456789") != ""):
			return invalid("old_id_number", "9 digits")
		}
		c, err := resolve(ctx, env, f.Person, "person")
		if err != nil {
			return err
		}
		if c.OldIDNumber == f.OldIDNumber {
			return invalid("old_id_number", "the record already holds that")
		}
		subjectUnit(d, c)
		d.Subjects = []procedure.Subject{{CitizenID: c.ID, Role: "holder"}}
		return nil
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f OldNumberForm) error {
		_, err := env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(c *registry.Citizen) error {
			if c.Status == registry.Merged {
				return apperr.New(apperr.Conflict, "the record was merged")
			}
			c.OldIDNumber = f.OldIDNumber
			return nil
		}, env.Meta)
		return err
	},
}
