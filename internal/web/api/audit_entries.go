package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// auditRecord is an entry as auditors see it: everything, with its place
// in the chain.
type auditRecord struct {
	Seq  int64  `json:"seq"`
	Hash string `json:"hash"`
	AuditEntry
}

// auditEntries serves GET /audit/entries to auditors: the log filtered by
// citizen, officer, agency and time, confidential entries included. The
// query is itself recorded.
func (s *server) auditEntries(w http.ResponseWriter, r *http.Request, c *call) error {
	if c.user.Role != auth.RoleAuditor {
		return apperr.New(apperr.Forbidden, "only auditors read the audit log")
	}
	rd, err := s.auditReader()
	if err != nil {
		return err
	}
	f, err := auditFilter(r)
	if err != nil {
		return err
	}
	recs, err := rd.AuditEntries(r.Context(), f)
	if err != nil {
		return err
	}
	page := auditPage[auditRecord]{Items: make([]auditRecord, len(recs)), NextBefore: nextBefore(recs, f.Limit)}
	for i, rec := range recs {
		page.Items[i] = auditRecord{Seq: rec.Seq, Hash: rec.Hash.String(), AuditEntry: rec.Entry}
	}
	var ids []string
	if f.CitizenID != "" {
		ids = []string{f.CitizenID}
	}
	return s.disclose(w, r, c, actAudit, ids, page)
}
