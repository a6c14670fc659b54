package portal

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed static
var staticFS embed.FS

// assets serves the embedded static files at fingerprinted URLs, cached
// for ever (a new build changes the URL).
type assets struct {
	url   map[string]string // logical name -> fingerprinted URL
	files map[string][]byte // fingerprinted file name -> content
}

func loadAssets() (*assets, error) {
	a := &assets{url: map[string]string{}, files: map[string][]byte{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return fmt.Errorf("read asset %s: %w", p, err)
		}
		name := strings.TrimPrefix(p, "static/")
		sum := sha256.Sum256(b)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:4]) + ext
		a.url[name], a.files[hashed] = Prefix+"/static/"+hashed, b
		return nil
	})
	return a, err
}

// URL is the fingerprinted URL of a static file; an unknown name fails
// template execution.
func (a *assets) URL(name string) (string, error) {
	u, ok := a.url[name]
	if !ok {
		return "", fmt.Errorf("no static asset %q", name)
	}
	return u, nil
}

func (a *assets) handler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		b, ok := a.files[name]
		if !ok {
			http.NotFound(w, r)
			return
		}
		if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
			w.Header().Set("Content-Type", ct)
		}
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
	})
}
