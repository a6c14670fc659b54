package api

import (
	"context"
	"net/http"
	"time"

	"dancu/internal/apperr"
)

// AuditEntry describes one disclosure of personal data to an officer.
type AuditEntry struct {
	Time      time.Time `json:"time"`
	RequestID string    `json:"request_id"`
	UserID    string    `json:"user_id"`
	Username  string    `json:"username"`
	Role      string    `json:"role"`
	Unit      string    `json:"unit,omitempty"`
	Action    string    `json:"action"` // e.g. citizen.read, citizen.search
	Route     string    `json:"route"`
	// CitizenIDs are the opaque ids of every citizen in the response.
	CitizenIDs []string `json:"citizen_ids"`

	// Who acts for whom: a partner agency's client, and the officer or
	// service on whose behalf it asks (empty for an officer's own read).
	AgencyID   string `json:"agency_id,omitempty"`
	OnBehalfOf string `json:"on_behalf_of,omitempty"`
	// Fields names the personal-data fields disclosed or changed (empty:
	// the whole record).
	Fields []string `json:"fields,omitempty"`
	// Purpose and LegalBasis justify the access (required for agencies).
	Purpose    string `json:"purpose,omitempty"`
	LegalBasis string `json:"legal_basis,omitempty"`
	// ConsentRef is the citizen's consent reference where the legal basis
	// requires one.
	ConsentRef string `json:"consent_ref,omitempty"`
	// Result is "ok" for a disclosure; verification answers record
	// "match"/"no_match", refusals "denied".
	Result string `json:"result,omitempty"`
	// Confidential accesses (e.g. a criminal investigation) are hidden
	// from the citizen's data tracker and shown to auditors only.
	Confidential bool `json:"confidential,omitempty"`
}

// Auditor records disclosures. Record runs before the response is sent;
// if it fails, the data is not sent.
type Auditor interface {
	Record(ctx context.Context, e AuditEntry) error
}

type nopAuditor struct{}

func (nopAuditor) Record(context.Context, AuditEntry) error { return nil }

// Audited actions.
const (
	actRead      = "citizen.read"
	actLookup    = "citizen.lookup"
	actHistory   = "citizen.history"
	actAsOf      = "citizen.read_as_of"
	actSearch    = "citizen.search"
	actUpdate    = "citizen.update"
	actHousehold = "household.members"
)

// disclose is the one way personal data leaves the API: it records the
// disclosure, then writes body.
func (s *server) disclose(w http.ResponseWriter, r *http.Request, c *call, action string, ids []string, body any) error {
	e := AuditEntry{Time: s.auth.Now().UTC(), RequestID: c.id, UserID: c.user.ID, Username: c.user.Username,
		Role: string(c.user.Role), Unit: c.user.Unit, Action: action, Route: c.route, CitizenIDs: ids}
	if err := s.audit.Record(r.Context(), e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return writeJSON(w, http.StatusOK, body)
}
