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
	name := textfold.Name(f.FullName)
	if name == "" {
		fail("full_name", "edit.err.required")
	} else if utf8.RuneCountInString(name) > 100 {
		fail("full_name", "edit.err.long")
	}
	other := textfold.Clean(f.OtherName)
	phone, err := canonPhone(f.Phone)
	if err != nil {
		fail("phone", "edit.err.phone")
	}
	email, err := canonEmail(f.Email)
	if err != nil {
		fail("email", "edit.err.email")
	}
	marital := ""
	if strings.TrimSpace(f.MaritalStatus) != "" {
		if marital, err = registry.MaritalStatus(f.MaritalStatus); err != nil {
			fail("marital_status", "edit.err.choice")
		}
	}
	blood := strings.ToUpper(strings.TrimSpace(f.BloodType))
	if blood != "" && blood != "O" && blood != "A" && blood != "B" && blood != "AB" {
		fail("blood_type", "edit.err.choice")
	}
	status := registry.Status(f.Status)
	if status != registry.Alive && status != registry.Dead && status != registry.Missing {
		fail("status", "edit.err.choice")
	}
	death, err := pdate.Parse(f.DeathDate)
	switch {
	case err != nil:
		fail("death_date", "edit.err.date")
	case status == registry.Dead && death.Year == 0:
		fail("death_date", "edit.err.deathreq")
	case status != registry.Dead && death.Year != 0:
		fail("death_date", "edit.err.deathalive")
	case death.Year != 0 && death.Earliest().After(today):
		fail("death_date", "edit.err.future")
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

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "")

func canonPhone(s string) (string, error) {
	s = phoneSeparators.Replace(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	if strings.HasPrefix(s, "+84") {
		s = "0" + s[3:]
	}
	if strings.Trim(s, "0123456789") != "" || len(s) < 9 || len(s) > 11 {
		return "", errBadValue
	}
	return s, nil
}

func canonEmail(s string) (string, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > 254 || strings.ContainsAny(s, " ,;") || !strings.Contains(s[at:], ".") {
		return "", errBadValue
	}
	return s, nil
}
