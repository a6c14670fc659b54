package ui

import (
	"encoding/json"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// civilFormJSON turns the posted fields into the kind's form. People are
// named by ID number; an empty optional field changes nothing.
func civilFormJSON(kind string, f map[string]string) (json.RawMessage, error) {
	var bad []apperr.FieldError
	day := func(name string) pdate.Date {
		if f[name] == "" {
			return pdate.Date{}
		}
		d, err := pdate.Parse(f[name])
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: name, Reason: "a date YYYY-MM-DD"})
		}
		return d
	}
	person := func(name string) civilstatus.Ref {
		if name == "person" && f[name] == "" {
			return civilstatus.Ref{CitizenID: f["citizen_id"]} // a record without a number
		}
		return civilstatus.Ref{IDNumber: f[name]}
	}
	optional := func(name string) *string {
		if f[name] == "" {
			return nil
		}
		v := f[name]
		return &v
	}
	place := func(name string) *registry.Place {
		if f[name] == "" {
			return nil
		}
		return &registry.Place{Code: f[name]}
	}
	var form any
	switch kind {
	case civilstatus.CodeBirth:
		b := civilstatus.BirthForm{CertificateRef: f["certificate_ref"], FullName: f["child_name"], BirthDate: day("birth_date"), Sex: f["sex"],
			BirthPlace: f["birth_place"], BirthRegistration: registry.Place{Code: f["birth_registration_place"]}, Household: f["household"]}
		if f["father"] != "" {
			b.Father = &civilstatus.Ref{IDNumber: f["father"]}
		}
		if f["mother"] != "" {
			b.Mother = &civilstatus.Ref{IDNumber: f["mother"]}
		}
		form = b
	case civilstatus.CodeDeath:
		form = civilstatus.DeathForm{CertificateRef: f["certificate_ref"], Person: person("person"), DeathDate: day("death_date"), DeathPlace: f["death_place"]}
	case civilstatus.CodeMarriage, civilstatus.CodeDivorce:
		form = civilstatus.CoupleForm{CertificateRef: f["certificate_ref"], Spouse1: person("person"), Spouse2: person("spouse"), Date: day("date")}
	case civilstatus.CodeParentage:
		p := civilstatus.ParentageForm{CertificateRef: f["certificate_ref"], Child: person("person"), As: f["as"], ParentName: f["parent_name"]}
		if f["parent"] != "" {
			p.Parent = &civilstatus.Ref{IDNumber: f["parent"]}
		}
		form = p
	case civilstatus.CodeCorrection:
		c := civilstatus.CorrectionForm{CertificateRef: f["certificate_ref"], Ground: f["ground"], Person: person("person"),
			FullName: optional("new_name"), OtherName: optional("other_name"), Sex: optional("sex"), BirthPlace: optional("birth_place"),
			BirthRegistration: place("birth_registration_place"), Hometown: place("hometown"), Ethnicity: optional("ethnicity"),
			Nationality: optional("nationality")}
		if f["birth_date"] != "" {
			d := day("birth_date")
			c.BirthDate = &d
		}
		form = c
	case civilstatus.CodeHousehold:
		form = civilstatus.HouseholdForm{Person: person("person"), HouseholdRef: f["household_ref"], RelationToHead: f["relation_to_head"]}
	case civilstatus.CodeReestablish, civilstatus.CodeCancel:
		form = civilstatus.NumberForm{Person: person("person"), Ground: f["ground"], DocumentRef: f["document_ref"]}
	case civilstatus.CodeConfirmOldID:
		form = civilstatus.OldNumberForm{Person: person("person"), OldIDNumber: f["old_id_number"], Clear: f["clear"] == "on", DocumentRef: f["document_ref"]}
	default:
		return nil, apperr.New(apperr.NotFound, "no civil-status procedure %q", kind)
	}
	if len(bad) > 0 {
		return nil, apperr.WithFields("invalid form", bad...)
	}
	return json.Marshal(form)
}
