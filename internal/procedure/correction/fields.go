package correction

import (
	"errors"
	"slices"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// field is one correctable field: how to read and write it, and the rule
// its requested value must pass (the officer's edit rules).
type field struct {
	get   func(*registry.Citizen) string
	set   func(*registry.Citizen, string)
	check func(string) (string, error)
}

// fields are the data a citizen may ask to correct. Names, dates of birth,
// sex and parents are civil status (cải chính hộ tịch), outside this
// procedure.
var fields = map[string]field{
	"other_name":  {func(z *registry.Citizen) string { return z.OtherName }, func(z *registry.Citizen, v string) { z.OtherName = v }, text},
	"birth_place": {func(z *registry.Citizen) string { return z.BirthPlace }, func(z *registry.Citizen, v string) { z.BirthPlace = v }, text},
	"ethnicity":   {func(z *registry.Citizen) string { return z.Ethnicity }, func(z *registry.Citizen, v string) { z.Ethnicity = v }, text},
	"religion":    {func(z *registry.Citizen) string { return z.Religion }, func(z *registry.Citizen, v string) { z.Religion = v }, text},
	"blood_type":  {func(z *registry.Citizen) string { return z.BloodType }, func(z *registry.Citizen, v string) { z.BloodType = v }, registry.BloodType},
	"phone":       {func(z *registry.Citizen) string { return z.Phone }, func(z *registry.Citizen, v string) { z.Phone = v }, registry.Phone},
	"email":       {func(z *registry.Citizen) string { return z.Email }, func(z *registry.Citizen, v string) { z.Email = v }, registry.Email},
}

// Fields lists the correctable fields in a fixed order (forms show them so).
var Fields = []string{"other_name", "birth_place", "ethnicity", "religion", "blood_type", "phone", "email"}

const (
	maxReason = 1000
	maxText   = 200
)

// text accepts printable text of at most 200 characters.
func text(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" || utf8.RuneCountInString(s) > maxText || !utf8.ValidString(s) || strings.ContainsFunc(s, func(r rune) bool { return r < 0x20 }) {
		return "", errNotText
	}
	return s, nil
}

var errNotText = errors.New("required, at most 200 characters of text")

// normalise checks the request and records each field's current value.
func normalise(f *Form, z registry.Citizen) error {
	var bad []apperr.FieldError
	f.Reason = strings.TrimSpace(f.Reason)
	if f.Reason == "" || utf8.RuneCountInString(f.Reason) > maxReason {
		bad = append(bad, apperr.FieldError{Field: "reason", Reason: "required: why the data are wrong, at most 1000 characters"})
	}
	if len(f.Changes) == 0 || len(f.Changes) > len(fields) {
		bad = append(bad, apperr.FieldError{Field: "changes", Reason: "name at least one field to correct"})
	}
	var seen []string
	for i := range f.Changes {
		ch := &f.Changes[i]
		fd, ok := fields[ch.Field]
		if !ok || slices.Contains(seen, ch.Field) {
			bad = append(bad, apperr.FieldError{Field: "changes.field", Reason: "one of " + strings.Join(Fields, ", ") + ", each once"})
			continue
		}
		seen = append(seen, ch.Field)
		v, err := fd.check(ch.Requested)
		if err != nil {
			bad = append(bad, apperr.FieldError{Field: ch.Field, Reason: err.Error()})
			continue
		}
		ch.Requested, ch.Current = v, fd.get(&z)
		if v == ch.Current {
			bad = append(bad, apperr.FieldError{Field: ch.Field, Reason: "the register already holds this value"})
		}
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid correction request", bad...)
	}
	return nil
}
