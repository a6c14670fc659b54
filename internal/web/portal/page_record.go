package portal

import (
	"net/http"

	"dancu/internal/registry"
	"dancu/internal/selfservice"
)

type recordData struct {
	Rec       selfservice.Record
	Groups    []group
	Household []registry.Summary
}

// group is one block of the record as DC01 groups it.
type group struct {
	Title string
	Rows  []row
}

type row struct {
	Label, Value string
	Mono         bool
}

// recordPage shows the citizen's own record, household and residence,
// current and past, with the procedure that made each change.
func (s *server) recordPage(w http.ResponseWriter, r *http.Request, v *view) error {
	me := v.Session.Citizen()
	rec, err := s.self.OwnRecord(r.Context(), me, trail(r, v))
	if err != nil {
		return err
	}
	hh, err := s.self.Household(r.Context(), me, trail(r, v))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("record.title"), "record"
	s.render(w, v, http.StatusOK, "record", recordData{Rec: rec, Groups: s.groups(v, rec.Citizen), Household: hh})
	return nil
}

// groups lays the record out as DC01 does.
func (s *server) groups(v *view, z registry.Citizen) []group {
	t := v.T
	person := func(key string, p registry.PersonRef) row { return row{Label: t(key), Value: p.Name} }
	opt := func(prefix, c string) string {
		if c == "" {
			return ""
		}
		return t(prefix + c)
	}
	return []group{
		{t("g.identity"), []row{
			{Label: t("f.full_name"), Value: z.FullName},
			{Label: t("f.other_name"), Value: z.OtherName},
			{Label: t("f.birth_date"), Value: fmtPdate(z.BirthDate)},
			{Label: t("f.sex"), Value: opt("sex.", string(z.Sex))},
			{Label: t("f.id_number"), Value: z.IDNumber, Mono: true},
			{Label: t("f.old_id_number"), Value: z.OldIDNumber, Mono: true},
		}},
		{t("g.origin"), []row{
			{Label: t("f.birth_place"), Value: z.BirthPlace},
			{Label: t("f.birth_registration_place"), Value: s.placeName(z.BirthRegistration)},
			{Label: t("f.hometown"), Value: s.placeName(z.Hometown)},
			{Label: t("f.ethnicity"), Value: registry.EthnicityName(z.Ethnicity)},
			{Label: t("f.religion"), Value: registry.ReligionName(z.Religion)},
			{Label: t("f.nationality"), Value: nationality(v, z.Nationality)},
			{Label: t("f.blood_type"), Value: z.BloodType},
			{Label: t("f.marital_status"), Value: opt("marital.", z.MaritalStatus)},
		}},
		{t("g.family"), []row{
			person("f.father", z.Father), person("f.mother", z.Mother), person("f.spouse", z.Spouse),
			person("f.household_head", z.HouseholdHead),
			{Label: t("f.relation_to_head"), Value: opt("rel.", z.RelationToHead)},
		}},
		{t("g.contact"), []row{{Label: t("f.phone"), Value: z.Phone}, {Label: t("f.email"), Value: z.Email}}},
	}
}

func nationality(v *view, code string) string {
	switch code {
	case "":
		return ""
	case "VN", "VNM", "vn":
		return v.T("nat.VN")
	}
	return code
}
