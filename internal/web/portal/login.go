package portal

import (
	"net/http"

	"dancu/internal/apperr"
)

// Login is the VNeID login: it sends the browser to the identity provider
// and, on its return, says who logged in. The production one is the
// OpenID Connect relying party of dancu's own provider (OIDCLogin); tests
// create sessions directly.
type Login interface {
	// Start sends the browser to the provider.
	Start(w http.ResponseWriter, r *http.Request) error
	// Finish checks the provider's answer at the callback and returns
	// the session to create.
	Finish(w http.ResponseWriter, r *http.Request) (Session, error)
	// LogoutURL is where the browser goes once the portal's session has
	// ended (the provider's end-session endpoint); "" for the login page.
	LogoutURL(s Session) string
}

type loginData struct {
	Available bool
	Error     string
}

func (s *server) loginPage(w http.ResponseWriter, r *http.Request, v *view) error {
	if v.Authed {
		http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
		return nil
	}
	d := loginData{Available: s.login != nil}
	if r.URL.Query().Get("failed") == "1" {
		d.Error = v.T("login.failed")
	}
	v.Title = v.T("login.title")
	s.render(w, v, http.StatusOK, "login", d)
	return nil
}

func (s *server) loginStart(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.login == nil {
		return apperr.New(apperr.NotFound, "%s", v.T("login.unavailable"))
	}
	return s.login.Start(w, r)
}

// loginCallback ends the provider's round trip: a refused or broken
// answer sends the citizen back to the login page with a message (the
// detail goes to the log, never to the page).
func (s *server) loginCallback(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.login == nil {
		return apperr.New(apperr.NotFound, "%s", v.T("login.unavailable"))
	}
	sess, err := s.login.Finish(w, r)
	if err != nil {
		s.log.Warn("portal login refused", "request_id", v.id, "err", err)
		http.Redirect(w, r, Prefix+"/login?failed=1", http.StatusSeeOther)
		return nil
	}
	token, err := s.sessions.Create(sess)
	if err != nil {
		return err
	}
	setCookie(w, sessionCookie, token, s.sessions.cfg.Absolute)
	http.Redirect(w, r, Prefix+"/", http.StatusSeeOther)
	return nil
}

func (s *server) logout(w http.ResponseWriter, r *http.Request, v *view) error {
	s.sessions.End(v.token)
	clearCookie(w, sessionCookie)
	target := Prefix + "/login"
	if s.login != nil {
		if u := s.login.LogoutURL(v.Session); u != "" {
			target = u
		}
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
	return nil
}
