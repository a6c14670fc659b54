package ui

import (
	"net"
	"net/http"
	"strings"

	"dancu/internal/apperr"
)

type loginData struct {
	Next, Username, Error string
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request, v *view) error {
	if v.Authed {
		http.Redirect(w, r, "/", http.StatusSeeOther)
		return nil
	}
	v.Title = v.T("login.title")
	s.render(w, r, v, http.StatusOK, "login", loginData{Next: localPath(r.URL.Query().Get("next"))})
	return nil
}

// loginSubmit checks the credentials with auth (which limits failed
// attempts per account and address) and sets the session cookie. The
// form needs no CSRF token: there is no session yet, and the cross-origin
// protection of every unsafe request refuses a login posted by another site.
func (s *server) loginSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	username := strings.TrimSpace(r.PostFormValue("username"))
	next := localPath(r.PostFormValue("next"))
	token, _, err := s.auth.Login(r.Context(), username, r.PostFormValue("password"), clientIP(r))
	if err != nil {
		msg := v.T("login.failed")
		status := http.StatusUnauthorized
		if apperr.Is(err, apperr.RateLimited) {
			msg, status = v.T("login.limited"), http.StatusTooManyRequests
		} else if !apperr.Is(err, apperr.Unauthenticated) && !apperr.Is(err, apperr.Invalid) {
			return err
		}
		v.Title = v.T("login.title")
		s.render(w, r, v, status, "login", loginData{Next: next, Username: username, Error: msg})
		return nil
	}
	setSession(w, token, s.auth.AbsoluteTimeout())
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := s.auth.Logout(r.Context(), v.token); err != nil {
		return err
	}
	clearSession(w)
	http.Redirect(w, r, "/login", http.StatusSeeOther)
	return nil
}

// home sends each role to where its work starts.
func (s *server) home(w http.ResponseWriter, r *http.Request, v *view) error {
	target := "/citizens"
	if v.User.Role.National() || v.User.Role == "province" {
		target = "/dashboard"
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}

// clientIP is the address failed logins are counted against.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}
