package share

import (
	"dancu/internal/registry"
)

// field is one disclosable piece of a citizen record. value reports false
// when the record holds nothing for it, so an empty value is not disclosed
// as if it were data.
type field struct {
	name  string
	value func(c *registry.Citizen) (any, bool)
}

// catalogue names every disclosable field exactly once. Anything not here
// (the opaque id, provenance, version, merge pointers) is never disclosed
// to an agency. eKYC answers are built from this list by whitelisting.
var catalogue = []field{
	{"id_number", str(func(c *registry.Citizen) string { return c.IDNumber })},
	{"old_id_number", str(func(c *registry.Citizen) string { return c.OldIDNumber })},
	{"cancelled_id_numbers", func(c *registry.Citizen) (any, bool) {
		return append([]string(nil), c.CancelledIDNumbers...), len(c.CancelledIDNumbers) > 0
	}},
	{"full_name", str(func(c *registry.Citizen) string { return c.FullName })},
	{"other_name", str(func(c *registry.Citizen) string { return c.OtherName })},
	{"birth_date", func(c *registry.Citizen) (any, bool) { return c.BirthDate.String(), !c.BirthDate.IsZero() }},
	{"sex", str(func(c *registry.Citizen) string { return string(c.Sex) })},
	{"birth_place", str(func(c *registry.Citizen) string { return c.BirthPlace })},
	{"birth_registration_place", place(func(c *registry.Citizen) registry.Place { return c.BirthRegistration })},
	{"hometown", place(func(c *registry.Citizen) registry.Place { return c.Hometown })},
	{"ethnicity", str(func(c *registry.Citizen) string { return c.Ethnicity })},
	{"religion", str(func(c *registry.Citizen) string { return c.Religion })},
	{"nationality", str(func(c *registry.Citizen) string { return c.Nationality })},
	{"blood_type", str(func(c *registry.Citizen) string { return c.BloodType })},
	{"marital_status", str(func(c *registry.Citizen) string { return c.MaritalStatus })},
	{"permanent", residence(func(c *registry.Citizen) registry.Residence { return c.Permanent })},
	{"temporary", residence(func(c *registry.Citizen) registry.Residence { return c.Temporary })},
	{"current", residence(func(c *registry.Citizen) registry.Residence { return c.Current })},
	{"father", person(func(c *registry.Citizen) registry.PersonRef { return c.Father })},
	{"mother", person(func(c *registry.Citizen) registry.PersonRef { return c.Mother })},
	{"spouse", person(func(c *registry.Citizen) registry.PersonRef { return c.Spouse })},
	{"representative", person(func(c *registry.Citizen) registry.PersonRef { return c.Representative })},
	{"household_ref", str(func(c *registry.Citizen) string { return c.HouseholdRef })},
	{"household_head", person(func(c *registry.Citizen) registry.PersonRef { return c.HouseholdHead })},
	{"relation_to_head", str(func(c *registry.Citizen) string { return c.RelationToHead })},
	{"phone", str(func(c *registry.Citizen) string { return c.Phone })},
	{"email", str(func(c *registry.Citizen) string { return c.Email })},
	{"status", str(func(c *registry.Citizen) string { return string(c.Status) })},
	{"death_date", func(c *registry.Citizen) (any, bool) { return c.DeathDate.String(), !c.DeathDate.IsZero() }},
}

// Fields lists the catalogue's field names in order.
func Fields() []string {
	out := make([]string, len(catalogue))
	for i, f := range catalogue {
		out[i] = f.name
	}
	return out
}

// IsField reports whether name is in the catalogue.
func IsField(name string) bool {
	for _, f := range catalogue {
		if f.name == name {
			return true
		}
	}
	return false
}

// Project builds the eKYC answer: a new map holding only the catalogue
// fields named in allowed that the record has a value for. Nothing is
// copied from the record wholesale and then deleted, so a field added to
// Citizen later cannot leak by default.
func Project(c *registry.Citizen, allowed []string) map[string]any {
	out := make(map[string]any, len(allowed))
	for _, f := range catalogue {
		if !contains(allowed, f.name) {
			continue
		}
		if v, ok := f.value(c); ok {
			out[f.name] = v
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func str(get func(*registry.Citizen) string) func(*registry.Citizen) (any, bool) {
	return func(c *registry.Citizen) (any, bool) { v := get(c); return v, v != "" }
}

// Nested values are rebuilt as plain maps of their own public parts: a
// relative's opaque citizen id, for one, is internal.
func place(get func(*registry.Citizen) registry.Place) func(*registry.Citizen) (any, bool) {
	return func(c *registry.Citizen) (any, bool) {
		p := get(c)
		return omitEmpty(map[string]any{"code": p.Code, "list": p.List, "text": p.Text})
	}
}

func residence(get func(*registry.Citizen) registry.Residence) func(*registry.Citizen) (any, bool) {
	return func(c *registry.Citizen) (any, bool) {
		r := get(c)
		return omitEmpty(map[string]any{"commune": r.Commune, "province": r.Province, "address": r.Address, "since": r.Since.String()})
	}
}

func person(get func(*registry.Citizen) registry.PersonRef) func(*registry.Citizen) (any, bool) {
	return func(c *registry.Citizen) (any, bool) {
		p := get(c)
		return omitEmpty(map[string]any{"name": p.Name, "id_number": p.IDNumber})
	}
}

func omitEmpty(m map[string]any) (any, bool) {
	for k, v := range m {
		if v == "" {
			delete(m, k) // m is our own fresh map of strings, not the record
		}
	}
	return m, len(m) > 0
}
