package ui

import (
	"strings"
	"time"
	"unicode/utf8"

	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

// editForm is the correction form: the fields an officer may change here
// (the API's PATCH set without residence moves, which the receiving unit
// registers), the reason, and the version the officer read.
type editForm struct {
	FullName, OtherName, Phone, Email, MaritalStatus, BloodType, Status, DeathDate, Address string
	Reason                                                                                  string
	Version                                                                                 int
	Errors                                                                                  map[string]string
}

func formOf(z registry.Citizen) editForm {
	return editForm{FullName: z.FullName, OtherName: z.OtherName, Phone: z.Phone, Email: z.Email,
		MaritalStatus: z.MaritalStatus, BloodType: z.BloodType, Status: string(z.Status),
		DeathDate: dateInput(z.DeathDate), Address: z.Permanent.Address, Version: z.Version, Errors: map[string]string{}}
}

// dateInput writes a partial date as pdate reads it back.
func dateInput(d pdate.Date) string {
	if d.Year == 0 {
		return ""
	}
	return d.String()
}

// apply validates the form field by field (every bad field is named at
// once, next to its input) and returns the change to apply. The rules are
// the API's (internal/web/api edits.go, validate.go).
func (f *editForm) apply(v *view, today time.Time) func(*registry.Citizen) {
	fail := func(field, key string) { f.Errors[field] = v.T(key) }
	// A browser sends UTF-8; anything else is refused rather than stored
	// as U+FFFD (what the name's case mapping would make of it) or as raw
	// bytes, as the API refuses it.
	for field, value := range map[string]string{"full_name": f.FullName, "other_name": f.OtherName, "phone": f.Phone,
		"email": f.Email, "marital_status": f.MaritalStatus, "blood_type": f.BloodType, "status": f.Status,
		"death_date": f.DeathDate, "address": f.Address, "reason": f.Reason} {
		if !utf8.ValidString(value) {
			fail(field, "edit.err.text")
		}
	}
	if len(f.Errors) > 0 {
		return nil
	}
	name := textfold.Name(f.FullName)
	if name == "" {
		fail("full_name", "edit.err.required")
	} else if utf8.RuneCountInString(name) > 100 {
		fail("full_name", "edit.err.long")
	}
	other := textfold.Clean(f.OtherName)
	phone, err := optional(f.Phone, registry.Phone)
	if err != nil {
		fail("phone", "edit.err.phone")
	}
	email, err := optional(f.Email, registry.Email)
	if err != nil {
		fail("email", "edit.err.email")
	}
	marital := ""
	if strings.TrimSpace(f.MaritalStatus) != "" {
		if marital, err = registry.MaritalStatus(f.MaritalStatus); err != nil {
			fail("marital_status", "edit.err.choice")
		}
	}
	blood, err := optional(f.BloodType, registry.BloodType)
	if err != nil {
		fail("blood_type", "edit.err.choice")
	}
	status, err := registry.OfficerStatus(f.Status)
	if err != nil {
		fail("status", "edit.err.choice")
	}
	death, err := pdate.Parse(f.DeathDate)
	if err != nil {
		fail("death_date", "edit.err.date")
	} else {
		probe := registry.Citizen{Status: status, DeathDate: death}
		for _, p := range registry.Inconsistencies(&probe, today) {
			fail(p.Field, inconsistencyKeys[p.Code])
		}
	}
	addr := textfold.Clean(f.Address)
	if utf8.RuneCountInString(addr) > 300 {
		fail("address", "edit.err.long")
	}
	switch reason := strings.TrimSpace(f.Reason); {
	case reason == "":
		fail("reason", "edit.err.reason")
	case utf8.RuneCountInString(reason) > 500:
		fail("reason", "edit.err.long")
	}
	if len(f.Errors) > 0 {
		return nil
	}
	return func(z *registry.Citizen) {
		z.FullName, z.OtherName, z.Phone, z.Email = name, other, phone, email
		z.MaritalStatus, z.BloodType, z.Status, z.DeathDate = marital, blood, status, death
		z.Permanent.Address = addr
	}
}

// inconsistencyKeys are the catalogue messages of the record rules the
// form can break (registry.Inconsistencies); the birth-date rule cannot
// fire here since the form does not change the birth date.
var inconsistencyKeys = map[string]string{
	"death_required":     "edit.err.deathreq",
	"death_not_dead":     "edit.err.deathalive",
	"death_before_birth": "edit.err.date",
	"death_in_future":    "edit.err.future",
}

// optional applies a registry field rule to a value that may be empty.
func optional(s string, rule func(string) (string, error)) (string, error) {
	if strings.TrimSpace(s) == "" {
		return "", nil
	}
	return rule(s)
}
