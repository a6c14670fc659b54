package portal

import (
	"net/http"
	"strings"
	"time"
)

// Languages: Vietnamese by default, English on request (a cookie set by
// /portal/lang/{lang}).
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
// and TestCatalogue fails on any key a template uses but the catalogue
// lacks.
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
	setCookie(w, langCookie, lang, 365*24*time.Hour)
	http.Redirect(w, r, localPath(r.URL.Query().Get("back")), http.StatusSeeOther)
	return nil
}

// localPath is the gate of every redirect to a user-supplied target: a
// path under the portal, without anything a browser could read as another
// host, else the portal's start page.
func localPath(p string) string {
	home := Prefix + "/"
	if len(p) > 512 || !strings.HasPrefix(p, home) || strings.HasPrefix(p, Prefix+"/lang/") {
		return home
	}
	for _, r := range p {
		if r < 0x21 || r >= 0x7f || r == '\\' || r == '?' || r == '#' || r == '%' {
			return home
		}
	}
	if strings.Contains(p, "//") || strings.Contains(p, "/.") {
		return home
	}
	return p
}
