package api

import (
	"maps"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// authenticate resolves the bearer token into c.user.
func (s *server) authenticate(r *http.Request, c *call) error {
	h := r.Header.Get("Authorization")
	scheme, token, ok := strings.Cut(h, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
		return apperr.New(apperr.Unauthenticated, "this resource needs an Authorization: Bearer <token> header; log in first")
	}
	u, err := s.auth.Authenticate(r.Context(), strings.TrimSpace(token))
	if err != nil {
		return err
	}
	c.user, c.token, c.authed = u, strings.TrimSpace(token), true
	return nil
}

type loginRequest struct {
	Username string `json:"username"`
	Password string `json:"password"`
}

type loginResponse struct {
	Token     string    `json:"token"`
	TokenType string    `json:"token_type"`
	ExpiresAt time.Time `json:"expires_at"`
	// AbsoluteExpiresAt is when the session ends however much it is used.
	AbsoluteExpiresAt time.Time `json:"absolute_expires_at"`
	User              auth.User `json:"user"`
}

func (s *server) login(w http.ResponseWriter, r *http.Request, c *call) error {
	var req loginRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := required(map[string]string{"username": req.Username, "password": req.Password}); err != nil {
		return err
	}
	token, u, err := s.auth.Login(r.Context(), req.Username, req.Password, s.clientIP(r))
	if err != nil {
		return err
	}
	c.user = u
	now := s.auth.Now()
	return writeJSON(w, http.StatusOK, loginResponse{Token: token, TokenType: "Bearer",
		ExpiresAt: s.auth.ExpiresAt(now, now).UTC(), AbsoluteExpiresAt: now.Add(s.auth.AbsoluteTimeout()).UTC(), User: u})
}

// required names each empty field, in a stable order.
func required(fields map[string]string) error {
	var bad []apperr.FieldError
	for _, name := range slices.Sorted(maps.Keys(fields)) {
		if strings.TrimSpace(fields[name]) == "" {
			bad = append(bad, apperr.FieldError{Field: name, Reason: "required"})
		}
	}
	if len(bad) > 0 {
		return apperr.WithFields("required fields are missing", bad...)
	}
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := s.auth.Logout(r.Context(), c.token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *server) me(w http.ResponseWriter, r *http.Request, c *call) error {
	return writeJSON(w, http.StatusOK, c.user)
}

// clientIP is the address login failures are counted against.
func (s *server) clientIP(r *http.Request) string {
	if s.trustProxy {
		if xff := r.Header.Values("X-Forwarded-For"); len(xff) > 0 {
			last := xff[len(xff)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if ip := net.ParseIP(strings.TrimSpace(last)); ip != nil {
				return ip.String()
			}
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
