package portal

import (
	"net/http"

	"dancu/internal/audit"
)

// trail is the request's part of an audit entry; the domain service fills
// the actor and what was disclosed.
func trail(r *http.Request, v *view) audit.Entry {
	return audit.Entry{RequestID: v.id, Route: r.Pattern}
}

// home is the start page: a greeting, the account's level and the
// sections. It reads no personal data beyond the session's.
func (s *server) home(w http.ResponseWriter, r *http.Request, v *view) error {
	v.Title, v.Nav = v.T("home.title"), "home"
	s.render(w, v, http.StatusOK, "home", nil)
	return nil
}
