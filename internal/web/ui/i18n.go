package ui

import (
	"net/http"
	"strings"
)

// Languages: Vietnamese by default, English on request. The choice is a
// cookie set by /lang/{lang}; nothing else (no Accept-Language guess), so
// an officer's screen is the same on every desk.
const (
	langVI = "vi"
	langEN = "en"
)

func language(r *http.Request) string {
	if c, err := r.Cookie(langCookie); err == nil && c.Value == langEN {
		return langEN
	}
	return langVI
}

// translate looks a key up in the catalogue; a missing key shows itself,
// and TestCatalogue fails on any key a template uses but the catalogue lacks.
func translate(lang, key string) string {
	e, ok := catalogue[key]
	if !ok {
		return key
	}
	if lang == langEN {
		return e[1]
	}
	return e[0]
}

func (s *server) switchLanguage(w http.ResponseWriter, r *http.Request, v *view) error {
	lang := langVI
	if r.PathValue("lang") == langEN {
		lang = langEN
	}
	http.SetCookie(w, &http.Cookie{Name: langCookie, Value: lang, Path: "/", MaxAge: 365 * 24 * 3600,
		Secure: true, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	back := localPath(r.URL.Query().Get("back"))
	if strings.HasPrefix(back, "/lang/") {
		back = "/"
	}
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}
