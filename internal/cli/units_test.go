package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/registry"
	"dancu/internal/units"
)

// TestUnitsCommandBrowsesTheListInForce protects `dancu units`: the
// 63-province list can be browsed by date, with the commune mapping.
func TestUnitsCommandBrowsesTheListInForce(t *testing.T) {
	var old struct {
		List  string `json:"list"`
		Items []struct {
			Code string `json:"code"`
		} `json:"items"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, "units", "--as-of", "2025-05-01", "--json")), &old); err != nil {
		t.Fatal(err)
	}
	if old.List != "2025-03-01" || len(old.Items) != 63 {
		t.Errorf("units --as-of 2025-05-01: list %s with %d items, want 63 provinces", old.List, len(old.Items))
	}
	out := mustRun(t, "units", "--as-of", "2025-05-01", "--parent", "436")
	if !strings.Contains(out, "18077") || !strings.Contains(out, "→ 18073 Phường Thành Sen") {
		t.Errorf("district 436 listing lacks 18077 → 18073:\n%s", out)
	}
	out = mustRun(t, "units", "--as-of", "2026-01-01")
	if !strings.Contains(out, "Danh mục 2025-07-01") || strings.Count(out, "\n") != 36 {
		t.Errorf("current list: want a heading, a header and 34 provinces:\n%s", out)
	}
	if _, errOut, code := run(t, "units", "--parent", "001", "--as-of", "2026-01-01"); code == 0 || !strings.Contains(errOut, "001") {
		t.Errorf("district code in the 2025-07 list: exit %d %s", code, errOut)
	}
}

// TestFindByOldCommuneCode protects `dancu citizen find --unit OLD`: it
// used to return nothing, silently; now the old code is mapped forward.
func TestFindByOldCommuneCode(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "p.csv")
	mustRun(t, "generate", "--province", "42", "--people", "150", "--seed", "3", "--out", file)
	mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", file)
	var all registry.Page
	if err := json.Unmarshal([]byte(mustRun(t, "citizen", "find", "--unit", "42", "--limit", "200", "--json", "--db", db)), &all); err != nil {
		t.Fatal(err)
	}
	// An old commune, different in code from the current one it became.
	var oldCode, newCode string
	for _, it := range all.Items {
		for _, p := range units.Default().Predecessors(it.Commune) {
			if p.Code != it.Commune {
				oldCode, newCode = p.Code, it.Commune
			}
		}
	}
	if oldCode == "" {
		t.Fatal("no commune with a predecessor of another code")
	}
	out, errOut, code := run(t, "citizen", "find", "--unit", oldCode, "--limit", "200", "--json", "--db", db)
	if code != 0 {
		t.Fatalf("find --unit %s: exit %d %s", oldCode, code, errOut)
	}
	var page registry.Page
	if err := json.Unmarshal([]byte(out), &page); err != nil {
		t.Fatal(err)
	}
	if len(page.Items) == 0 {
		t.Fatalf("find --unit %s (old code of %s) found nobody", oldCode, newCode)
	}
	for _, it := range page.Items {
		if it.Commune != newCode {
			t.Errorf("find --unit %s found a citizen of %s, want %s", oldCode, it.Commune, newCode)
		}
	}
	if !strings.Contains(errOut, "list 2025-03-01") || !strings.Contains(errOut, newCode) {
		t.Errorf("stderr does not say what %s was taken to mean: %q", oldCode, errOut)
	}
	if _, errOut, code := run(t, "citizen", "find", "--unit", "99999", "--db", db); code == 0 || !strings.Contains(errOut, "unknown unit") {
		t.Errorf("unknown unit: exit %d %q", code, errOut)
	}
}
