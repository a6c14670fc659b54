package portal

import (
	"errors"
	"net/http"
	"net/url"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// Login is the VNeID login: it sends the browser to the identity provider
// and, on its return, says who logged in. The production one is the
// OpenID Connect relying party of dancu's own provider (OIDCLogin); tests
// create sessions directly.
type Login interface {
	// Start sends the browser to the provider.
	Start(w http.ResponseWriter, r *http.Request, o StartOptions) error
	// Finish checks the provider's answer at the callback and returns
	// the session to create and the page to end on (StartOptions.Return).
	Finish(w http.ResponseWriter, r *http.Request) (Session, string, error)
	// LogoutURL is where the browser goes once the portal's session has
	// ended (the provider's end-session endpoint); "" for the login page.
	LogoutURL(s Session) string
}

// StartOptions shape a login.
type StartOptions struct {
	// Fresh asks the provider to authenticate the citizen again whatever
	// its own session (max_age=0 and prompt=login, OIDC Core §3.1.2.1),
	// and the callback to accept only a login made after the start.
	Fresh bool
	// Return is the portal page the callback ends on (a local path,
	// localPath); "" for the home page.
	Return string
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
	return s.login.Start(w, r, StartOptions{})
}

// freshLoginPath starts a login that asks the citizen to authenticate
// again and ends on the page next names.
const freshLoginPath = Prefix + "/login/fresh"

// freshLoginURL is the fresh login back to page (a local path).
func freshLoginURL(page string) string {
	return freshLoginPath + "?" + url.Values{"next": {page}}.Encode()
}

// loginFresh is the login the accounts service's ErrLoginTooOld calls
// for: the provider asks for the password or a passkey again, whatever
// its own session, and the citizen comes back to the page they were on.
func (s *server) loginFresh(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.login == nil {
		return apperr.New(apperr.NotFound, "%s", v.T("login.unavailable"))
	}
	return s.login.Start(w, r, StartOptions{Fresh: true, Return: localPath(r.URL.Query().Get("next"))})
}

// reauthenticate answers a change the accounts service refused on a login
// that is not recent (eid.ErrLoginTooOld) with the fresh login back to
// page; false for any other error.
func (s *server) reauthenticate(w http.ResponseWriter, r *http.Request, err error, page string) bool {
	if !errors.Is(err, eid.ErrLoginTooOld) {
		return false
	}
	http.Redirect(w, r, freshLoginURL(page), http.StatusSeeOther)
	return true
}

// loginCallback ends the provider's round trip: a refused or broken
// answer sends the citizen back to the login page with a message (the
// detail goes to the log, never to the page).
func (s *server) loginCallback(w http.ResponseWriter, r *http.Request, v *view) error {
	if s.login == nil {
		return apperr.New(apperr.NotFound, "%s", v.T("login.unavailable"))
	}
	sess, back, err := s.login.Finish(w, r)
	if err != nil {
		s.log.Warn("portal login refused", "request_id", v.id, "err", err)
		http.Redirect(w, r, Prefix+"/login?failed=1", http.StatusSeeOther)
		return nil
	}
	token, err := s.sessions.Create(sess)
	if err != nil {
		return err
	}
	if v.Authed { // a login again (a fresh one) replaces the session it renews
		s.sessions.End(v.token)
	}
	setCookie(w, sessionCookie, token, s.sessions.cfg.Absolute)
	http.Redirect(w, r, localPath(back), http.StatusSeeOther)
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
