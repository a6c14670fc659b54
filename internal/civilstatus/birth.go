package civilstatus

import (
	"context"
	"encoding/json"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// BirthForm is a birth registered by the civil-status authority (trích lục
// khai sinh). The child joins the household of the parent named by
// Household (the mother unless "father"), with that parent's permanent
// residence.
type BirthForm struct {
	CertificateRef    string         `json:"certificate_ref"` // số đăng ký khai sinh
	FullName          string         `json:"full_name"`
	BirthDate         pdate.Date     `json:"birth_date"`
	Sex               string         `json:"sex"`
	BirthPlace        string         `json:"birth_place,omitempty"`
	BirthRegistration registry.Place `json:"birth_registration_place"`
	Hometown          registry.Place `json:"hometown,omitzero"` // default: the father's, else the mother's
	Ethnicity         string         `json:"ethnicity,omitempty"`
	Nationality       string         `json:"nationality,omitempty"` // default VN
	Father            *Ref           `json:"father,omitempty"`
	Mother            *Ref           `json:"mother,omitempty"`
	Household         string         `json:"household,omitempty"` // mother (default) or father
}

// BirthResult is kept with the approved dossier.
type BirthResult struct {
	CitizenID string `json:"citizen_id"`
	IDNumber  string `json:"id_number"`
}

// Birth is khai sinh: Luật Hộ tịch 2014 Điều 16, with the ID number
// assigned at birth (Luật Căn cước 2023 Điều 12) and the newborn's
// permanent residence with a parent (Luật Cư trú 2020 Điều 20.2.a, liên
// thông khai sinh – thường trú – cấp số định danh).
var Birth = procedure.Typed[BirthForm]{
	Meta: procedure.Info{Code: CodeBirth, NameVI: "Đăng ký khai sinh (cấp số định danh cá nhân)", NameEN: "Birth registration (ID number at birth)",
		LegalBasis: "Luật Hộ tịch 2014 Điều 16; Luật Căn cước 2023 Điều 12; Luật Cư trú 2020 Điều 20", WorkingDays: 1, Immediate: true},
	Validate: checkBirth,
	Do:       doBirth,
}

func checkBirth(ctx context.Context, env procedure.Env, d *procedure.Dossier, f *BirthForm) error {
	if err := text(&f.CertificateRef, "certificate_ref", 100, true); err != nil {
		return err
	}
	if err := text(&f.FullName, "full_name", 100, true); err != nil {
		return err
	}
	if err := pastDate(f.BirthDate, "birth_date", env, true); err != nil {
		return err
	}
	if _, err := registry.ParseSex(f.Sex); err != nil {
		return invalid("sex", "M or F (Nam or Nữ)")
	}
	if err := text(&f.BirthPlace, "birth_place", 200, false); err != nil {
		return err
	}
	if err := place(env.Units, &f.BirthRegistration, "birth_registration_place"); err != nil {
		return err
	}
	if f.BirthRegistration.Code == "" {
		return invalid("birth_registration_place.code", "required: the commune that registered the birth")
	}
	if err := place(env.Units, &f.Hometown, "hometown"); err != nil {
		return err
	}
	if f.Ethnicity != "" {
		code, err := registry.EthnicityCode(f.Ethnicity)
		if err != nil {
			return invalid("ethnicity", err.Error())
		}
		f.Ethnicity = code
	}
	if err := text(&f.Nationality, "nationality", 2, false); err != nil {
		return err
	}
	parents, err := birthParents(ctx, env, f)
	if err != nil {
		return err
	}
	home := parents.home
	if !home.Permanent.Registered() || home.HouseholdRef == "" {
		return invalid("household", "the parent has no registered permanent residence and household to register the child in")
	}
	subjectUnit(d, home)
	for _, p := range []*registry.Citizen{parents.father, parents.mother} {
		if p != nil {
			d.Subjects = append(d.Subjects, procedure.Subject{CitizenID: p.ID, Role: "parent"})
		}
	}
	return nil
}

// parents are a birth's parents found in the register and the one whose
// household the child joins.
type parents struct {
	father, mother *registry.Citizen
	home           registry.Citizen
}

func birthParents(ctx context.Context, env procedure.Env, f *BirthForm) (parents, error) {
	var p parents
	for _, x := range []struct {
		r     *Ref
		field string
		into  **registry.Citizen
	}{{f.Father, "father", &p.father}, {f.Mother, "mother", &p.mother}} {
		if x.r == nil || x.r.isZero() {
			continue
		}
		c, err := resolve(ctx, env, *x.r, x.field)
		if err != nil {
			return p, err
		}
		*x.into = &c
	}
	if p.father != nil && p.father.Sex != registry.Male || p.mother != nil && p.mother.Sex != registry.Female {
		return p, invalid("father", "the father must be a man and the mother a woman in the register")
	}
	switch f.Household {
	case "", "mother":
		f.Household = "mother"
		if p.mother == nil {
			if p.father == nil {
				return p, invalid("mother", "at least one parent of the register is required to place the child in a household")
			}
			f.Household = "father"
		}
	case "father":
	default:
		return p, invalid("household", "mother or father")
	}
	home := p.mother
	if f.Household == "father" {
		home = p.father
	}
	if home == nil {
		return p, invalid(f.Household, "required: the child joins this parent's household")
	}
	p.home = *home
	return p, living(p.home, f.Household)
}

func doBirth(ctx context.Context, env procedure.Env, d *procedure.Dossier, f BirthForm) error {
	ps, err := birthParents(ctx, env, &f) // again, inside the approval's transaction
	if err != nil {
		return err
	}
	child := newborn(env, f, ps)
	if child.HouseholdHead.IsZero() {
		head, err := householdHead(ctx, env, child.HouseholdRef, "")
		if err != nil {
			return err
		}
		if head != nil {
			child.HouseholdHead = ref(*head)
		}
	}
	block, err := registry.BlockFor(env.Units, child)
	if err != nil {
		return apperr.New(apperr.Invalid, "no ID-number block for the child: %v", err)
	}
	if child.IDNumber, err = env.Citizens.AllocateIDNumber(ctx, block); err != nil {
		return err
	}
	meta := env.Meta
	meta.ValidFrom, _ = f.BirthDate.Time()
	// Write, not Create: Create reads the new record back outside the
	// approval's transaction, where it does not exist yet.
	if err := env.Register.Write(ctx, nil, child, nil, meta); err != nil {
		return err
	}
	d.Subjects = append([]procedure.Subject{{CitizenID: child.ID, Role: "child"}}, d.Subjects...)
	d.Result, err = json.Marshal(BirthResult{CitizenID: child.ID, IDNumber: child.IDNumber})
	return err
}

// newborn is the child's first version.
func newborn(env procedure.Env, f BirthForm, ps parents) registry.Citizen {
	sex, _ := registry.ParseSex(f.Sex)
	c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), FullName: f.FullName, BirthDate: f.BirthDate, Sex: sex,
		BirthPlace: f.BirthPlace, BirthRegistration: f.BirthRegistration, Hometown: f.Hometown, Ethnicity: f.Ethnicity,
		Nationality: f.Nationality, MaritalStatus: "single", Status: registry.Alive}
	for _, p := range []*registry.Citizen{ps.father, ps.mother} {
		if p == nil {
			continue
		}
		if c.Hometown == (registry.Place{}) {
			c.Hometown = p.Hometown
		}
		if c.Ethnicity == "" {
			c.Ethnicity = p.Ethnicity
		}
	}
	if c.Nationality == "" {
		c.Nationality = "VN"
	}
	if ps.father != nil {
		c.Father = ref(*ps.father)
	}
	if ps.mother != nil {
		c.Mother = ref(*ps.mother)
	}
	home := ps.home
	c.Permanent = registry.Residence{Commune: home.Permanent.Commune, Province: home.Permanent.Province,
		Address: home.Permanent.Address, Since: procedure.Day(env.Now)}
	// The child's relation follows the parent's: the head's or the
	// spouse's child is the head's child, a child's child a grandchild;
	// otherwise the register does not guess.
	c.HouseholdRef, c.HouseholdHead = home.HouseholdRef, home.HouseholdHead
	switch home.RelationToHead {
	case "head":
		c.HouseholdHead, c.RelationToHead = ref(home), "child"
	case "spouse":
		c.RelationToHead = "child"
	case "child":
		c.RelationToHead = "grandchild"
	}
	return c
}
