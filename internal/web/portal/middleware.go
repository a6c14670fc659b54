package portal

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"
	"time"
)

// The session cookie holds the session token; the server keeps its hash.
// It is scoped to the portal's path, Secure, HttpOnly and SameSite=Lax:
// the login returns from the provider by a top-level redirect, which
// Strict would strip of the login-state cookie; unsafe requests carry the
// CSRF token besides.
const (
	sessionCookie = "dancu_portal"
	langCookie    = "dancu_portal_lang"
	csrfField     = "_csrf"
	// maxForm caps form bodies; the correction form with its evidence
	// sets its own larger cap.
	maxForm = 64 << 10
)

func setCookie(w http.ResponseWriter, name, value string, maxAge time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: name, Value: value, Path: Prefix + "/", MaxAge: int(maxAge.Seconds()),
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
}

func clearCookie(w http.ResponseWriter, name string) { setCookie(w, name, "", -time.Second) }

// page is a handler that returns its error, so that every failure goes
// through one error page.
type page func(w http.ResponseWriter, r *http.Request, v *view) error

// view is what every template receives.
type view struct {
	Lang    string
	Session Session
	Authed  bool
	CSRF    string
	Nav     string
	Title   string
	Path    string
	Data    any

	id    string // request id, for audit entries and logs
	token string
}

func newView(r *http.Request) *view {
	var b [8]byte
	_, _ = rand.Read(b[:])
	return &view{Lang: language(r), Path: r.URL.Path, id: hex.EncodeToString(b[:])}
}

// T translates a catalogue key into the view's language.
func (v *view) T(key string) string { return translate(v.Lang, key) }

// Tf translates a key whose text is a format.
func (v *view) Tf(key string, args ...any) string {
	return fmt.Sprintf(translate(v.Lang, key), args...)
}

// public serves a page that needs no session (one is still read, for the
// layout).
func (s *server) public(p page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := newView(r)
		s.readSession(r, v)
		s.serve(w, r, v, p)
	})
}

// authed serves a page that needs a session, and its CSRF token on unsafe
// methods; without one the browser goes to the login page.
func (s *server) authed(p page) http.Handler { return s.authedMax(p, maxForm) }

func (s *server) authedMax(p page, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := newView(r)
		if !s.readSession(r, v) {
			clearCookie(w, sessionCookie)
			http.Redirect(w, r, Prefix+"/login", http.StatusSeeOther)
			return
		}
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			r.Body = http.MaxBytesReader(w, r.Body, max)
			if !csrfOK(r.PostFormValue(csrfField), v.token) {
				http.Error(w, "CSRF token missing or invalid; reload the page", http.StatusForbidden)
				return
			}
		}
		s.serve(w, r, v, p)
	})
}

// readSession fills v from the session cookie; false without a live one.
func (s *server) readSession(r *http.Request, v *view) bool {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return false
	}
	sess, err := s.sessions.Get(c.Value)
	if err != nil {
		return false
	}
	v.Session, v.Authed, v.token, v.CSRF = sess, true, c.Value, csrfToken(c.Value)
	return true
}

// serve runs a page and renders its error, if any.
func (s *server) serve(w http.ResponseWriter, r *http.Request, v *view, p page) {
	if err := p(w, r, v); err != nil {
		s.fail(w, r, v, err)
	}
}
