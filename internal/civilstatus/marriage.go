package civilstatus

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// CoupleForm is a marriage (giấy chứng nhận kết hôn) or a divorce (the
// court's judgment or decision, trích lục ghi chú ly hôn) of two people of
// the register.
type CoupleForm struct {
	CertificateRef string     `json:"certificate_ref"`
	Spouse1        Ref        `json:"spouse1"`
	Spouse2        Ref        `json:"spouse2"`
	Date           pdate.Date `json:"date"` // registered on / effective on
}

// Minimum ages of marriage (Luật Hôn nhân và gia đình 2014 Điều 8.1.a).
const (
	minMarriageAgeMan   = 20
	minMarriageAgeWoman = 18
)

// Marriage is đăng ký kết hôn: both records name each other as spouse
// and become married.
var Marriage = procedure.Typed[CoupleForm]{
	Meta: procedure.Info{Code: CodeMarriage, NameVI: "Đăng ký kết hôn", NameEN: "Marriage registration",
		LegalBasis: "Luật Hộ tịch 2014 Điều 17; Luật Hôn nhân và gia đình 2014 Điều 8", WorkingDays: 1, Immediate: true},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *CoupleForm) error {
		a, b, err := couple(ctx, env, d, f)
		if err != nil {
			return err
		}
		return marriageable(a, b, f.Date)
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f CoupleForm) error {
		return eachSpouse(ctx, env, d, f.Date, func(c, other *registry.Citizen) error {
			if c.MaritalStatus == "married" && c.Spouse.IDNumber != other.IDNumber {
				return apperr.New(apperr.Conflict, "%s is married to someone else since the dossier was received", c.FullName)
			}
			c.Spouse, c.MaritalStatus = ref(*other), "married"
			return nil
		})
	},
}

// Divorce is ghi vào sổ hộ tịch việc ly hôn: both records lose the spouse
// link and become divorced.
var Divorce = procedure.Typed[CoupleForm]{
	Meta: procedure.Info{Code: CodeDivorce, NameVI: "Ghi vào sổ hộ tịch việc ly hôn", NameEN: "Divorce recorded",
		LegalBasis: "Luật Hộ tịch 2014 Điều 3.2; Luật Hôn nhân và gia đình 2014 Điều 57", WorkingDays: 1, Immediate: true},
	Validate: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *CoupleForm) error {
		a, b, err := couple(ctx, env, d, f)
		if err != nil {
			return err
		}
		if a.Spouse.IDNumber != b.IDNumber || b.Spouse.IDNumber != a.IDNumber {
			return invalid("spouse2", "the register does not record these two people as spouses")
		}
		return nil
	},
	Do: func(ctx context.Context, env procedure.Env, d *procedure.Dossier, f CoupleForm) error {
		return eachSpouse(ctx, env, d, f.Date, func(c, other *registry.Citizen) error {
			if c.Spouse.IDNumber != other.IDNumber {
				return apperr.New(apperr.Conflict, "%s's record no longer names the other as spouse", c.FullName)
			}
			c.Spouse, c.MaritalStatus = registry.PersonRef{}, "divorced"
			return nil
		})
	},
}

// couple checks the form and resolves both people.
func couple(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *CoupleForm) (a, b registry.Citizen, err error) {
	if err = text(&f.CertificateRef, "certificate_ref", 100, true); err != nil {
		return
	}
	if err = pastDate(f.Date, "date", env, true); err != nil {
		return
	}
	if a, err = resolve(ctx, env, f.Spouse1, "spouse1"); err != nil {
		return
	}
	if b, err = resolve(ctx, env, f.Spouse2, "spouse2"); err != nil {
		return
	}
	if a.ID == b.ID {
		return a, b, invalid("spouse2", "must be another person")
	}
	if err = living(a, "spouse1"); err != nil {
		return
	}
	if err = living(b, "spouse2"); err != nil {
		return
	}
	if a.IDNumber == "" || b.IDNumber == "" {
		return a, b, invalid("spouse1", "both records need an ID number to name each other")
	}
	subjectUnit(d, a)
	d.Subjects = []procedure.Subject{{CitizenID: a.ID, Role: "spouse"}, {CitizenID: b.ID, Role: "spouse"}}
	return a, b, nil
}

// marriageable applies the conditions of marriage the register can see:
// ages and no current marriage (Luật HN&GĐ 2014 Điều 5.2.c, 8).
func marriageable(a, b registry.Citizen, on pdate.Date) error {
	for i, c := range []registry.Citizen{a, b} {
		field := []string{"spouse1", "spouse2"}[i]
		if c.MaritalStatus == "married" {
			return invalid(field, c.FullName+" is married in the register")
		}
		min := minMarriageAgeWoman
		if c.Sex == registry.Male {
			min = minMarriageAgeMan
		}
		if lo, _ := c.BirthDate.AgeAt(on.Earliest()); !c.BirthDate.IsZero() && lo < min {
			return invalid(field, c.FullName+" is under the age of marriage")
		}
	}
	return nil
}

// eachSpouse applies change to both records (locked), each seeing the
// other's current state.
func eachSpouse(ctx context.Context, env procedure.Env, d *procedure.Dossier, on pdate.Date, change func(c, other *registry.Citizen) error) error {
	if len(d.Subjects) != 2 {
		return apperr.New(apperr.Internal, "a couple's dossier names two people")
	}
	meta := env.Meta
	meta.ValidFrom = on.Earliest()
	ids := [2]string{d.Subjects[0].CitizenID, d.Subjects[1].CitizenID}
	for i, id := range ids {
		other, err := env.Citizens.Citizen(ctx, ids[1-i])
		if err != nil {
			return err
		}
		if _, err := env.Register.Update(ctx, id, 0, func(c *registry.Citizen) error {
			if err := living(*c, "spouse"); err != nil {
				return apperr.New(apperr.Conflict, "%s's record is %s", c.FullName, c.Status)
			}
			return change(c, &other)
		}, meta); err != nil {
			return err
		}
	}
	return nil
}
