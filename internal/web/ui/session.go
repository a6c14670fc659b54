package ui

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"net/http"
	"time"
)

// The session cookie holds the auth session token (auth.Service.Login);
// the server keeps only its hash. It is Secure, HttpOnly and
// SameSite=Strict, always: browsers treat http://localhost and
// http://127.0.0.1 as secure contexts, so the demo and the browser tests
// work over plain HTTP without relaxing it. Inactivity expiry is auth's
// idle timeout, slid on every authenticated request.
const (
	sessionCookie = "dancu_session"
	langCookie    = "dancu_lang"
	csrfField     = "_csrf"
	csrfHeader    = "X-CSRF-Token"
)

func setSession(w http.ResponseWriter, token string, absolute time.Duration) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", MaxAge: int(absolute.Seconds()),
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

func clearSession(w http.ResponseWriter) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: "", Path: "/", MaxAge: -1,
		Secure: true, HttpOnly: true, SameSite: http.SameSiteStrictMode})
}

// csrfToken is the synchroniser token of a session: a one-way function of
// the session token, so it needs no storage and reveals nothing of the
// token; a cross-site page can read neither.
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("dancu-ui-csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

// csrfOK checks the token of an unsafe request, from the form field or
// the header htmx sends, in constant time.
func csrfOK(r *http.Request, session string) bool {
	got := r.Header.Get(csrfHeader)
	if got == "" {
		got = r.PostFormValue(csrfField)
	}
	want := csrfToken(session)
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}

func safeMethod(m string) bool {
	return m == http.MethodGet || m == http.MethodHead || m == http.MethodOptions
}
