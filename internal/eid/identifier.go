package eid

import (
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// Identifier is what a citizen logs in with, normalised: exactly one of
// the fields is set.
type Identifier struct {
	IDNumber string
	Phone    string // registry.Phone form: 0xxxxxxxxx
	Email    string // lower case
}

// ParseIdentifier reads a 12-digit ID number, a Vietnamese phone number
// or an e-mail address.
func ParseIdentifier(s string) (Identifier, error) {
	s = strings.TrimSpace(s)
	if len(s) > 254 || s == "" {
		return Identifier{}, apperr.New(apperr.Invalid, "enter your ID number, phone number or e-mail address")
	}
	if strings.Contains(s, "@") {
		e, err := registry.Email(s)
		if err != nil {
			return Identifier{}, apperr.New(apperr.Invalid, "the e-mail address %s", err)
		}
		return Identifier{Email: e}, nil
	}
	if len(s) == 12 && strings.Trim(s, "0123456789") == "" {
		return Identifier{IDNumber: s}, nil
	}
	p, err := registry.Phone(s)
	if err != nil {
		return Identifier{}, apperr.New(apperr.Invalid, "the phone number %s", err)
	}
	return Identifier{Phone: p}, nil
}
