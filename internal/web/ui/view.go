package ui

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/http"

	"dancu/internal/auth"
)

// view is what every template receives: the request's language, user and
// CSRF token, and the page's own data.
type view struct {
	Lang   string
	User   auth.User
	Authed bool
	CSRF   string
	Nav    string // the active navigation item
	Title  string
	Data   any
	// Path is the request path, for the language switch's way back.
	Path string

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

// Can reports whether the user holds one of the roles (templates hide
// what the handlers refuse anyway).
func (v *view) Can(roles ...string) bool {
	for _, r := range roles {
		if string(v.User.Role) == r {
			return true
		}
	}
	return false
}

// NationalUser reports a user who sees the whole country.
func (v *view) NationalUser() bool { return v.User.Role.National() }
