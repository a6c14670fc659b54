package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// myAccesses serves GET /me/accesses to a citizen: who accessed their
// data, when, why and which fields, newest first. Confidential accesses
// are left out (auditors see them); officers are named by their office,
// never by account (audit.Describe). The view is itself recorded.
func (s *server) myAccesses(w http.ResponseWriter, r *http.Request, c *call, citizenID string) error {
	rd, err := s.auditReader()
	if err != nil {
		return err
	}
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	recs, err := rd.AuditEntries(r.Context(), audit.Filter{CitizenID: citizenID, WithoutConfidential: true, Before: before, Limit: limit})
	if err != nil {
		return err
	}
	page := auditPage[audit.Access]{Items: make([]audit.Access, len(recs)), NextBefore: nextBefore(recs, limit)}
	for i, rec := range recs {
		page.Items[i] = audit.AccessOf(rec.Entry, s.unitName)
	}
	e := AuditEntry{Time: s.auth.Now().UTC(), RequestID: c.id, Role: audit.RoleCitizen, Action: actTracker,
		Route: c.route, CitizenIDs: []string{citizenID}, Purpose: "tra cứu lịch sử khai thác dữ liệu của bản thân", Result: "ok"}
	if err := s.audit.Record(r.Context(), e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return writeJSON(w, http.StatusOK, page)
}

// unitName names a unit of the current list with its type.
func (s *server) unitName(code string) string {
	if u, ok := s.units.Lookup(auth.UnitList, code); ok {
		return u.FullName
	}
	return ""
}
