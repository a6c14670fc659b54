package api

import (
	"time"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// The field rules live in the domain (registry/edit_rules.go), shared with
// the web application; these adapt them to the edit table's signature.

func phone(s string) (string, error)     { return registry.Phone(s) }
func email(s string) (string, error)     { return registry.Email(s) }
func bloodType(s string) (string, error) { return registry.BloodType(s) }

func status(s string) (string, error) {
	st, err := registry.OfficerStatus(s)
	return string(st), err
}

// checkRecord holds the rules across fields, on the record after the
// changes.
func checkRecord(c *registry.Citizen, today time.Time) error {
	var bad []apperr.FieldError
	for _, p := range registry.Inconsistencies(c, today) {
		bad = append(bad, apperr.FieldError{Record: c.ID, Field: p.Field, Reason: p.Reason})
	}
	if len(bad) > 0 {
		return apperr.WithFields("the changes leave the record inconsistent", bad...)
	}
	return nil
}
