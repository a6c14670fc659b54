package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// myAccesses serves GET /me/accesses to a citizen holding a citizen
// token: the data tracker of selfservice (the portal's page calls the
// same use case), as JSON.
func (s *server) myAccesses(w http.ResponseWriter, r *http.Request, c *call, citizenID string) error {
	if s.self == nil {
		return apperr.New(apperr.NotFound, "the data tracker is not enabled on this server")
	}
	before, limit, err := pageParams(r)
	if err != nil {
		return err
	}
	p, err := s.self.AccessesByToken(r.Context(), citizenID, before, limit, audit.Entry{RequestID: c.id, Route: c.route})
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, auditPage[audit.Access]{Items: p.Items, NextBefore: p.NextBefore})
}
