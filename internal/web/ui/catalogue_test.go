package ui

import (
	"io/fs"
	"regexp"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/units"
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
	for _, r := range auth.Roles {
		if _, ok := catalogue["role."+string(r)]; !ok {
			t.Errorf("role %s has no name", r)
		}
	}
}

// TestTileGrid checks the 34-province layout: every province of the
// 2025-07-01 list once, each in its own cell of the 17×7 grid.
func TestTileGrid(t *testing.T) {
	provs := units.Default().Provinces(units.List2025July)
	if len(provs) != 34 || len(tilePos) != 34 {
		t.Fatalf("%d provinces, %d tiles; want 34 each", len(provs), len(tilePos))
	}
	cells := map[[2]int]string{}
	for _, p := range provs {
		pos, ok := tilePos[p.Code]
		if !ok {
			t.Errorf("province %s %s has no tile", p.Code, p.Name)
			continue
		}
		if pos[0] < 1 || pos[0] > 17 || pos[1] < 1 || pos[1] > 7 {
			t.Errorf("province %s at %v is outside the grid", p.Code, pos)
		}
		if other, dup := cells[pos]; dup {
			t.Errorf("provinces %s and %s share cell %v", other, p.Code, pos)
		}
		cells[pos] = p.Code
	}
}

func TestLocalPath(t *testing.T) {
	for in, want := range map[string]string{"/citizens": "/citizens", "//evil.example": "/", "https://evil.example": "/", "": "/", `/\evil`: "/"} {
		if got := localPath(in); got != want {
			t.Errorf("localPath(%q) = %q, want %q", in, got, want)
		}
	}
}
