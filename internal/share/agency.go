package share

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// AgencyStatus is whether a partner may call the service.
type AgencyStatus string

const (
	Active    AgencyStatus = "active"
	Suspended AgencyStatus = "suspended"
)

// Purpose is one use an agency may make of the data. ConsentRequired means
// the legal basis for this purpose is the citizen's consent, so every call
// must carry a consent reference.
type Purpose struct {
	Name            string `json:"name"`
	ConsentRequired bool   `json:"consent_required,omitempty"`
}

// Agency is a registered partner (a bank, a telecom operator, a ministry).
// Its ID is the OAuth2 client_id.
type Agency struct {
	ID         string       `json:"id"`
	Name       string       `json:"name"`
	LegalBasis string       `json:"legal_basis"`
	Purposes   []Purpose    `json:"purposes"`
	Fields     []string     `json:"fields"` // field-level scope: names from the catalogue
	Events     []EventType  `json:"events,omitempty"`
	RatePerSec float64      `json:"rate_per_sec"`
	Burst      int          `json:"burst"`
	Status     AgencyStatus `json:"status"`
	// CertThumbprint binds the agency to a TLS client certificate
	// (base64url SHA-256 of the DER, RFC 8705 "x5t#S256"); "" for none.
	CertThumbprint string    `json:"cert_thumbprint,omitempty"`
	CreatedAt      time.Time `json:"created_at"`
}

var agencyIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// Validate checks an agency before it is stored.
func (a Agency) Validate() error {
	var bad []apperr.FieldError
	add := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	if !agencyIDPattern.MatchString(a.ID) {
		add("id", "2-63 lower-case letters, digits, '.', '_' or '-'")
	}
	if strings.TrimSpace(a.Name) == "" {
		add("name", "required")
	}
	if strings.TrimSpace(a.LegalBasis) == "" {
		add("legal_basis", "required")
	}
	if len(a.Purposes) == 0 {
		add("purposes", "at least one purpose")
	}
	for _, p := range a.Purposes {
		if strings.TrimSpace(p.Name) == "" {
			add("purposes", "a purpose has no name")
		}
	}
	for _, f := range a.Fields {
		if !IsField(f) {
			add("fields", "unknown field "+f)
		}
	}
	for _, e := range a.Events {
		if !slices.Contains(EventTypes, e) {
			add("events", "unknown event type "+string(e))
		}
	}
	if len(a.Events) > 0 && !slices.Contains(a.Fields, "id_number") {
		add("events", "events name the citizen by ID number: add id_number to the field scope")
	}
	if a.RatePerSec <= 0 || a.Burst <= 0 {
		add("rate_per_sec", "rate and burst must be positive")
	}
	if a.Status != Active && a.Status != Suspended {
		add("status", "active or suspended")
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid agency", bad...)
	}
	return nil
}

// Purpose finds a registered purpose by name.
func (a Agency) Purpose(name string) (Purpose, bool) {
	for _, p := range a.Purposes {
		if p.Name == name {
			return p, true
		}
	}
	return Purpose{}, false
}

// MaySee reports whether the agency subscribes to or may pull an event type.
func (a Agency) MaySee(t EventType) bool { return slices.Contains(a.Events, t) }

// Authorize checks that a call states a registered purpose and, where that
// purpose rests on consent, a consent reference. The returned error is safe
// to show the agency.
func (a Agency) Authorize(purpose, consentRef string) (Purpose, error) {
	p, ok := a.Purpose(purpose)
	if !ok {
		return p, apperr.New(apperr.Forbidden, "purpose is not registered for this agency")
	}
	if p.ConsentRequired && strings.TrimSpace(consentRef) == "" {
		return p, apperr.WithFields("this purpose requires the citizen's consent reference", apperr.FieldError{Field: "consent_ref", Reason: "required"})
	}
	return p, nil
}
