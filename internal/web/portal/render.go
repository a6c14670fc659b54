package portal

import (
	"bytes"
	"embed"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"strings"
)

//go:embed templates
var templateFS embed.FS

// pages holds one template set per page: the layout, the shared partials
// and the page's own file, all parsed at start-up.
type pages struct{ set map[string]*template.Template }

func parsePages(s *server) (*pages, error) {
	files, err := fs.Glob(templateFS, "templates/*.html")
	if err != nil {
		return nil, err
	}
	p := &pages{set: map[string]*template.Template{}}
	for _, f := range files {
		name := strings.TrimSuffix(strings.TrimPrefix(f, "templates/"), ".html")
		if name == "layout" || name == "partials" {
			continue
		}
		t, err := template.New(name).Funcs(s.funcs()).ParseFS(templateFS, "templates/layout.html", "templates/partials.html", f)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		if t.Lookup("content") == nil {
			return nil, fmt.Errorf("template %s defines no content", name)
		}
		p.set[name] = t
	}
	return p, nil
}

// render writes a whole page, executed into a buffer first so that a
// template error becomes an error response, not half a page.
func (s *server) render(w http.ResponseWriter, v *view, status int, name string, data any) {
	t, ok := s.pages.set[name]
	if !ok {
		s.log.Error("portal: no such page template", "page", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	v.Data = data
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", v); err != nil {
		s.log.Error("portal: render", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}
