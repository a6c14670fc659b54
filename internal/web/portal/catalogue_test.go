package portal

import (
	"io/fs"
	"regexp"
	"testing"
)

// TestCatalogue checks that every literal key a template translates is in
// the catalogue, in both languages.
func TestCatalogue(t *testing.T) {
	keyRe := regexp.MustCompile(`\.Tf? "([a-z0-9_.]+)"`)
	files, _ := fs.Glob(templateFS, "templates/*.html")
	for _, f := range files {
		b, _ := templateFS.ReadFile(f)
		for _, m := range keyRe.FindAllStringSubmatch(string(b), -1) {
			e, ok := catalogue[m[1]]
			if !ok || e[0] == "" || e[1] == "" {
				t.Errorf("%s: key %q missing from the catalogue", f, m[1])
			}
		}
	}
	for _, a := range []string{"citizen.read", "verify.ekyc", "self.record.read", "tracker.read", "unknown"} {
		if _, ok := catalogue[actionKey(a)]; !ok {
			t.Errorf("action %s has no description", a)
		}
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{
		"/portal/record": "/portal/record", "//evil.example": "/portal/", "https://evil.example": "/portal/", "": "/portal/",
		`/portal/\evil`: "/portal/", "/portal//evil.example": "/portal/", "/portal/lang/en": "/portal/", "/citizens": "/portal/",
		"/portal/x?y=1": "/portal/", "/portal/%2e%2e/": "/portal/", "/portal/../citizens": "/portal/",
	} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
