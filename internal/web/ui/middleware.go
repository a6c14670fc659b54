package ui

import (
	"net/http"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"dancu/internal/readroute"
)

// public serves a page that needs no session (the user is still read when
// there is one, for the layout).
func (s *server) public(p page) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := newView(r)
		if c, err := r.Cookie(sessionCookie); err == nil && c.Value != "" {
			if u, err := s.auth.Authenticate(r.Context(), c.Value); err == nil {
				v.User, v.Authed, v.token, v.CSRF = u, true, c.Value, csrfToken(c.Value)
			}
		}
		s.serve(w, r, v, p)
	})
}

// authed serves a page that needs a session, and the session's CSRF token
// on unsafe methods. Without a session the browser goes to the login page
// (htmx requests are told to navigate there).
func (s *server) authed(p page) http.Handler { return s.authedMax(p, maxForm) }

// upload is authed with the intake form's larger body limit.
func (s *server) upload(p page) http.Handler { return s.authedMax(p, maxIntakeBody) }

// authedMax is authed with a body limit of max bytes on unsafe methods.
func (s *server) authedMax(p page, max int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		v := newView(r)
		c, err := r.Cookie(sessionCookie)
		if err == nil && c.Value != "" {
			v.User, err = s.auth.Authenticate(r.Context(), c.Value)
		}
		if err != nil || c.Value == "" {
			clearSession(w)
			toLogin(w, r)
			return
		}
		v.Authed, v.token, v.CSRF = true, c.Value, csrfToken(c.Value)
		// An officer reads back their own writes, even from replicas.
		r = r.WithContext(readroute.WithReader(r.Context(), "officer:"+v.User.Username))
		if !safeMethod(r.Method) {
			r.Body = http.MaxBytesReader(w, r.Body, max)
			if !csrfOK(r, c.Value) {
				http.Error(w, "CSRF token missing or invalid; reload the page", http.StatusForbidden)
				return
			}
		}
		s.serve(w, r, v, p)
	})
}

// maxForm caps form bodies; intake uploads set their own larger cap.
const maxForm = 1 << 20

func toLogin(w http.ResponseWriter, r *http.Request) {
	target := "/login"
	if r.Method == http.MethodGet && r.URL.Path != "/" {
		target += "?next=" + url.QueryEscape(r.URL.Path)
	}
	if r.Header.Get("HX-Request") == "true" {
		w.Header().Set("HX-Redirect", target)
		w.WriteHeader(http.StatusUnauthorized)
		return
	}
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// serve runs a page and renders its error, if any.
func (s *server) serve(w http.ResponseWriter, r *http.Request, v *view, p page) {
	if err := p(w, r, v); err != nil {
		s.fail(w, r, v, err)
	}
}

// maxRedirectTarget bounds a user-supplied redirect target; the app's own
// paths are far shorter.
const maxRedirectTarget = 2048

// localPath is the one gate of every redirect to a target the user
// supplied (login's next, the language switch's back): it returns p only
// if p is a path on this site, else "/". Browsers strip tabs and newlines
// from a URL and read a backslash as a slash, so "/<TAB>/evil.example"
// and "/\\evil.example" would leave the site: p must start with a single
// "/", and holds no control character, no backslash, no scheme and no
// host, as written and as parsed.
func localPath(p string) string {
	if len(p) == 0 || len(p) > maxRedirectTarget || p[0] != '/' || strings.HasPrefix(p, "//") || !utf8.ValidString(p) {
		return "/"
	}
	for _, r := range p {
		if r < 0x20 || (r >= 0x7f && r <= 0x9f) || r == '\\' || unicode.IsSpace(r) {
			return "/"
		}
	}
	u, err := url.Parse(p)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return "/"
	}
	return p
}
