package api

import (
	"context"
	"errors"
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// AuditEntry describes one disclosure or change of personal data; the
// type lives in the audit domain package, which chains and stores it.
type AuditEntry = audit.Entry

// Auditor is the audit log's recorder (audit.Recorder). Record runs before
// a read's response is sent; if it fails, the data is not sent. A write's
// entry is not recorded here: its use case stores it in the write's own
// transaction.
type Auditor = audit.Recorder

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
	actAudit     = "audit.query"
)

// auditOpt adds detail to a disclosure's entry.
type auditOpt func(*AuditEntry)

// withFields names the fields disclosed or changed (default: the whole
// record).
func withFields(fields ...string) auditOpt {
	return func(e *AuditEntry) { e.Fields = fields }
}

// trail is the audit entry's who and where for a use case that records
// its own entry (a write, inside its transaction).
func (s *server) trail(c *call) AuditEntry {
	return AuditEntry{RequestID: c.id, UserID: c.user.ID, Username: c.user.Username,
		Role: string(c.user.Role), Unit: c.user.Unit, Route: c.route, Confidential: c.user.Role.Confidential()}
}

// disclose is the one way personal data leaves the API: it records the
// disclosure, then writes body.
func (s *server) disclose(w http.ResponseWriter, r *http.Request, c *call, action string, ids []string, body any, opts ...auditOpt) error {
	e := AuditEntry{Time: s.auth.Now().UTC(), RequestID: c.id, UserID: c.user.ID, Username: c.user.Username,
		Role: string(c.user.Role), Unit: c.user.Unit, Action: action, Route: c.route, CitizenIDs: ids, Result: "ok",
		Confidential: c.user.Role.Confidential()}
	for _, o := range opts {
		o(&e)
	}
	if err := s.audit.Record(r.Context(), e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return writeJSON(w, http.StatusOK, body)
}

// recordDenial records an officer's refused attempt (403): who tried which
// route, and whose record when the refusal names it (audit.DeniedCitizens).
// A refusal discloses nothing, so a failure to record it is logged rather
// than turning the 403 into a 500.
func (s *server) recordDenial(ctx context.Context, c *call, err error) {
	if apperr.CodeOf(err) != apperr.Forbidden || c.user.ID == "" {
		return
	}
	var ids audit.DeniedCitizens
	errors.As(err, &ids)
	e := AuditEntry{Time: s.auth.Now().UTC(), RequestID: c.id, UserID: c.user.ID, Username: c.user.Username,
		Role: string(c.user.Role), Unit: c.user.Unit, Action: audit.ActionDenied, Route: c.route,
		CitizenIDs: ids, Result: audit.ResultDenied, Confidential: c.user.Role.Confidential()}
	if err := s.audit.Record(ctx, e); err != nil {
		s.log.Error("record refused attempt", "request_id", c.id, "route", c.route, "user_id", c.user.ID, "err", err)
	}
}
