package api

import (
	"errors"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// These follow the import rules (registry.Converter), which work on rows.

var phoneSeparators = strings.NewReplacer(" ", "", ".", "", "-", "")

func phone(s string) (string, error) {
	s = phoneSeparators.Replace(s)
	if strings.HasPrefix(s, "+84") {
		s = "0" + s[3:]
	}
	if strings.Trim(s, "0123456789") != "" || len(s) < 9 || len(s) > 11 {
		return "", errors.New("is not a Vietnamese phone number (9–11 digits, optional +84)")
	}
	return s, nil
}

func email(s string) (string, error) {
	s = strings.ToLower(s)
	at := strings.IndexByte(s, '@')
	if at < 1 || at == len(s)-1 || len(s) > 254 || strings.ContainsAny(s, " ,;") || !strings.Contains(s[at:], ".") {
		return "", errors.New("is not an e-mail address")
	}
	return s, nil
}

func bloodType(s string) (string, error) {
	switch s = strings.ToUpper(s); s {
	case "O", "A", "B", "AB":
		return s, nil
	}
	return "", errors.New("must be one of O, A, B, AB")
}

// status accepts the statuses an officer may set; merging is the
// data-cleaning procedure's.
func status(s string) (string, error) {
	switch registry.Status(s) {
	case registry.Alive, registry.Dead, registry.Missing:
		return s, nil
	}
	return "", errors.New("must be alive, dead or missing")
}

// checkRecord holds the rules across fields, on the record after the
// changes.
func checkRecord(c *registry.Citizen, today time.Time) error {
	var bad []apperr.FieldError
	fail := func(field, reason string) {
		bad = append(bad, apperr.FieldError{Record: c.ID, Field: field, Reason: reason})
	}
	switch {
	case c.Status == registry.Dead && c.DeathDate.IsZero():
		fail("death_date", "required when status is dead")
	case c.Status != registry.Dead && !c.DeathDate.IsZero():
		fail("death_date", "only a dead person has a death date")
	// Partial dates compare by their spans: a death in "1990" is not
	// before a birth on 1990-05-15, it only cannot end before it starts.
	case !c.DeathDate.IsZero() && !c.BirthDate.IsZero() && c.DeathDate.Latest().Before(c.BirthDate.Earliest()):
		fail("death_date", "is before the birth date")
	case !c.DeathDate.IsZero() && c.DeathDate.Earliest().After(today):
		fail("death_date", "is in the future")
	}
	if len(bad) > 0 {
		return apperr.WithFields("the changes leave the record inconsistent", bad...)
	}
	return nil
}
