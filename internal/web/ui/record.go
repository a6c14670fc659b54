package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"dancu/internal/pdate"
	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
)

// group is one block of the record as DC01 groups it.
type group struct {
	Title string
	Rows  []row
}

type row struct {
	Label, Value, Link string
	Mono               bool
}

// groups lays a record out as DC01 does: identity, origin, residence,
// family, contact and the register's own bookkeeping.
func (s *server) groups(v *view, z registry.Citizen) []group {
	t := v.T
	person := func(key string, p registry.PersonRef) row {
		val := p.Name
		if p.IDNumber != "" {
			val += " (" + p.IDNumber + ")"
		}
		r := row{Label: t(key), Value: val}
		if p.CitizenID != "" {
			r.Link = "/citizens/" + p.CitizenID
		}
		return r
	}
	return []group{
		{t("g.identity"), []row{
			{Label: t("f.full_name"), Value: z.FullName},
			{Label: t("f.other_name"), Value: z.OtherName},
			{Label: t("f.birth_date"), Value: fmtPdate(z.BirthDate)},
			{Label: t("f.sex"), Value: t("sex." + string(z.Sex))},
			{Label: t("f.id_number"), Value: z.IDNumber, Mono: true},
			{Label: t("f.old_id_number"), Value: z.OldIDNumber, Mono: true},
			{Label: t("f.cancelled_id_numbers"), Value: strings.Join(z.CancelledIDNumbers, ", "), Mono: true},
		}},
		{t("g.origin"), []row{
			{Label: t("f.birth_place"), Value: z.BirthPlace},
			{Label: t("f.birth_registration_place"), Value: s.place(z.BirthRegistration)},
			{Label: t("f.hometown"), Value: s.place(z.Hometown)},
			{Label: t("f.ethnicity"), Value: registry.EthnicityName(z.Ethnicity)},
			{Label: t("f.religion"), Value: registry.ReligionName(z.Religion)},
			{Label: t("f.nationality"), Value: v.nationality(z.Nationality)},
			{Label: t("f.blood_type"), Value: z.BloodType},
			{Label: t("f.marital_status"), Value: code(t, "marital.", z.MaritalStatus)},
		}},
		{t("g.residence"), []row{
			{Label: t("f.permanent"), Value: deletion(t, z.Permanent, s.residence(z.Permanent))},
			{Label: t("f.temporary"), Value: expiry(t, z.Temporary, procedure.Day(s.auth.Now()), deletion(t, z.Temporary, s.residence(z.Temporary)))},
			{Label: t("f.current"), Value: s.residence(z.Current)},
		}},
		{t("g.family"), []row{
			person("f.father", z.Father), person("f.mother", z.Mother), person("f.spouse", z.Spouse),
			person("f.representative", z.Representative),
			{Label: t("f.household_ref"), Value: z.HouseholdRef, Mono: true},
			person("f.household_head", z.HouseholdHead),
			{Label: t("f.relation_to_head"), Value: code(t, "rel.", z.RelationToHead)},
		}},
		{t("g.contact"), []row{{Label: t("f.phone"), Value: z.Phone}, {Label: t("f.email"), Value: z.Email}}},
		{t("g.status"), []row{
			{Label: t("f.status"), Value: t("status." + string(z.Status))},
			{Label: t("f.death_date"), Value: fmtPdate(z.DeathDate)},
			{Label: t("f.record_ref"), Value: z.RecordRef, Mono: true},
			{Label: t("f.version"), Value: fmt.Sprint(z.Version)},
			{Label: t("f.updated_at"), Value: fmtTime(z.UpdatedAt, "02/01/2006 15:04")},
		}},
	}
}

func code(t func(string) string, prefix, c string) string {
	if c == "" {
		return ""
	}
	return t(prefix + c)
}

func (s *server) residence(r registry.Residence) string {
	if r.IsZero() {
		return ""
	}
	parts := []string{}
	for _, p := range []string{r.Address, s.unitName(r.Commune), s.unitName(r.Province)} {
		if p != "" && p != "Việt Nam" {
			parts = append(parts, p)
		}
	}
	out := strings.Join(parts, ", ")
	if r.Since.Year != 0 {
		out += " (" + fmtPdate(r.Since) + ")"
	}
	return out
}

// deletion marks a residence whose registration was deleted, with the
// ground and date (the place stays: it is the last residence).
func deletion(t func(string) string, r registry.Residence, shown string) string {
	if r.DeletedFor == "" {
		return shown
	}
	note := t("residence.deleted." + r.DeletedFor)
	if r.DeletedOn.Year != 0 {
		note += " " + fmtPdate(r.DeletedOn)
	}
	return shown + " — " + note
}

// expiry notes a tạm trú whose term ended (residence.Expired): the
// record keeps it, but it is not the person's current residence.
func expiry(t func(string) string, r registry.Residence, day pdate.Date, shown string) string {
	if !residence.Expired(r, day) {
		return shown
	}
	return shown + " — " + t("residence.expired") + " " + fmtPdate(r.Until)
}

// residenceRow is one residence a person held, from the version history.
type residenceRow struct {
	Kind    string
	Value   registry.Residence
	Version int
}

// residenceHistory lists each distinct residence of each kind in the
// order the versions recorded them.
func residenceHistory(vs []registry.Version) []residenceRow {
	var out []residenceRow
	last := map[string]registry.Residence{}
	for _, ver := range vs {
		for _, k := range []struct {
			kind string
			r    registry.Residence
		}{{"permanent", ver.Data.Permanent}, {"temporary", ver.Data.Temporary}, {"current", ver.Data.Current}} {
			if k.r.IsZero() || k.r == last[k.kind] {
				continue
			}
			last[k.kind] = k.r
			out = append(out, residenceRow{Kind: k.kind, Value: k.r, Version: ver.Number})
		}
	}
	return out
}

// versionRow is one version with the differences from the one before.
type versionRow struct {
	registry.Version
	Changes []change
}

type change struct {
	Field, Before, After string
}

// versionRows lists versions newest first, each with its differences from
// the previous version (none for the first).
func versionRows(v *view, vs []registry.Version) []versionRow {
	out := make([]versionRow, len(vs))
	for i, ver := range vs {
		out[len(vs)-1-i] = versionRow{Version: ver}
		if i == 0 {
			continue
		}
		d := registry.Diff(vs[i-1].Data, ver.Data)
		for _, f := range slices.Sorted(maps.Keys(d)) {
			if f == "version" || f == "updated_at" {
				continue
			}
			out[len(vs)-1-i].Changes = append(out[len(vs)-1-i].Changes,
				change{Field: v.T("f." + f), Before: show(d[f][0]), After: show(d[f][1])})
		}
	}
	return out
}

// show writes a diff value (a string, number or small struct) briefly.
func show(x any) string {
	switch x := x.(type) {
	case nil:
		return "—"
	case string:
		if x == "" {
			return "—"
		}
		return x
	case map[string]any:
		parts := []string{}
		for _, k := range slices.Sorted(maps.Keys(x)) {
			parts = append(parts, k+": "+show(x[k]))
		}
		return strings.Join(parts, "; ")
	}
	s := fmt.Sprintf("%v", x)
	s = strings.NewReplacer("{", "", "}", "").Replace(s)
	if strings.TrimSpace(s) == "" {
		return "—"
	}
	return s
}
