package civilstatus

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// ParentageForm is a recognition of father, mother or child (nhận cha,
// mẹ, con) or its correction: the child's record names the parent. A
// parent outside the register is named by name (and number, if any).
type ParentageForm struct {
	CertificateRef string `json:"certificate_ref"`
	Child          Ref    `json:"child"`
	As             string `json:"as"` // father or mother
	Parent         *Ref   `json:"parent,omitempty"`
	// ParentName (and ParentIDNumber) name a parent the register does not
	// hold (a foreigner, a person registered abroad).
	ParentName     string `json:"parent_name,omitempty"`
	ParentIDNumber string `json:"parent_id_number,omitempty"`
}

// Parentage is đăng ký nhận cha, mẹ, con.
var Parentage = procedure.Typed[ParentageForm]{
	Meta: procedure.Info{Code: CodeParentage, NameVI: "Đăng ký nhận cha, mẹ, con", NameEN: "Parentage recognition",
		LegalBasis: "Luật Hộ tịch 2014 Điều 24, 25", WorkingDays: 3, Immediate: true},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *ParentageForm) error {
		if err := text(&f.CertificateRef, "certificate_ref", 100, true); err != nil {
			return err
		}
		if f.As != "father" && f.As != "mother" {
			return invalid("as", "father or mother")
		}
		child, err := resolve(ctx, env, f.Child, "child")
		if err != nil {
			return err
		}
		subjectUnit(d, child)
		d.Subjects = []procedure.Subject{{CitizenID: child.ID, Role: "child"}}
		_, err = parentRef(ctx, env, d, f)
		return err
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f ParentageForm) error {
		p, err := parentRef(ctx, env, &procedure.Dossier{}, &f)
		if err != nil {
			return err
		}
		_, err = env.Register.Update(ctx, d.Subjects[0].CitizenID, 0, func(c *registry.Citizen) error {
			if c.Status == registry.Merged {
				return apperr.New(apperr.Conflict, "the child's record was merged")
			}
			if f.As == "father" {
				c.Father = p
			} else {
				c.Mother = p
			}
			return nil
		}, env.Meta)
		return err
	},
}

// parentRef is the reference the child's record will hold; a parent of
// the register joins the dossier's subjects.
func parentRef(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *ParentageForm) (registry.PersonRef, error) {
	if f.Parent != nil && !f.Parent.isZero() {
		p, err := resolve(ctx, env, *f.Parent, "parent")
		if err != nil {
			return registry.PersonRef{}, err
		}
		want := registry.Male
		if f.As == "mother" {
			want = registry.Female
		}
		if p.Sex != want {
			return registry.PersonRef{}, invalid("parent", "the register records this person's sex otherwise")
		}
		if len(d.Subjects) > 0 && p.ID == d.Subjects[0].CitizenID {
			return registry.PersonRef{}, invalid("parent", "must be another person than the child")
		}
		d.Subjects = append(d.Subjects, procedure.Subject{CitizenID: p.ID, Role: f.As})
		return ref(p), nil
	}
	if err := text(&f.ParentName, "parent_name", 100, true); err != nil {
		return registry.PersonRef{}, invalid("parent", "required: parent (of the register) or parent_name")
	}
	if err := text(&f.ParentIDNumber, "parent_id_number", 20, false); err != nil {
		return registry.PersonRef{}, err
	}
	return registry.PersonRef{Name: f.ParentName, IDNumber: f.ParentIDNumber}, nil
}
