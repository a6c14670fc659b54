package cli

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/registry"
)

// TestShowAsOfAfterDatedImport protects the reported case: after
// `dancu import --as-of 2025-05-01` the history says valid_from 2025-05-01,
// so the record is in force on 2025-06-01 (valid time), although the
// register only learned it today (recorded time).
func TestShowAsOfAfterDatedImport(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "p.csv")
	mustRun(t, "generate", "--province", "42", "--people", "30", "--seed", "5", "--as-of", "2025-05-01", "--out", file)
	mustRun(t, "import", "--db", db, "--as-of", "2025-05-01", "--no-progress", file)
	var number string
	for _, r := range readCSV(t, file)[1:] {
		if r[1] != "" {
			number = r[1]
			break
		}
	}
	var c registry.Citizen
	if err := json.Unmarshal([]byte(mustRun(t, "citizen", "show", number, "--as-of", "2025-06-01", "--json", "--db", db)), &c); err != nil || c.IDNumber != number {
		t.Fatalf("show --as-of 2025-06-01: %v %+v", err, c)
	}
	if _, errOut, code := run(t, "citizen", "show", number, "--as-of", "2025-04-30", "--db", db); code == 0 || !strings.Contains(errOut, "in force only from 2025-05-01") {
		t.Errorf("before the batch date: exit %d %q", code, errOut)
	}
	if _, errOut, code := run(t, "citizen", "show", number, "--recorded-as-of", "2025-06-01", "--db", db); code == 0 || !strings.Contains(errOut, "held no record") {
		t.Errorf("recorded before the import: exit %d %q", code, errOut)
	}
}
