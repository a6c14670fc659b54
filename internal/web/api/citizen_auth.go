package api

import (
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/citizenauth"
)

// citizenHandler serves a call authenticated as a citizen: citizenID is
// the opaque id of the citizen the token stands for.
type citizenHandler func(w http.ResponseWriter, r *http.Request, c *call, citizenID string) error

// asCitizen authenticates a citizen token (citizenauth; later the e-ID
// login) for a citizen route. Officer sessions and agency tokens are not
// citizen tokens, and a citizen token is refused by every officer route
// (auth rejects its shape before any look-up).
func (s *server) asCitizen(h citizenHandler) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		st := s.ctokens
		if st == nil {
			return apperr.New(apperr.NotFound, "citizen access is not enabled on this server")
		}
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return apperr.New(apperr.Unauthenticated, "this resource needs a citizen token (Authorization: Bearer ct_…)")
		}
		id, err := citizenauth.Authenticate(r.Context(), st, strings.TrimSpace(token), s.auth.Now())
		if err != nil {
			return err
		}
		return h(w, r, c, id)
	}
}
