package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/synth/dupeval"
)

// TestGenerateDupevalWritesAnImportableSetAndItsTruth runs the command as
// a user would, imports the forms, and reads the truth back.
func TestGenerateDupevalWritesAnImportableSetAndItsTruth(t *testing.T) {
	dir := t.TempDir()
	out, truth := filepath.Join(dir, "set.csv"), filepath.Join(dir, "truth.csv")
	msg := mustRun(t, "generate-dupeval", "--people", "1500", "--seed", "3", "--out", out, "--truth", truth)
	if !strings.Contains(msg, "true pairs") {
		t.Fatalf("output: %s", msg)
	}
	f, err := os.Open(truth)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pairs, negs, err := dupeval.ReadTruth(f)
	if err != nil || len(pairs) < 100 || len(negs) == 0 {
		t.Fatalf("truth: %d pairs, %d negatives, %v", len(pairs), len(negs), err)
	}
	db := "sqlite:" + filepath.Join(dir, "t.db")
	imp := mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", out)
	if !strings.Contains(imp, "committed") || strings.Contains(imp, "invalid") && !strings.Contains(imp, "0 invalid") {
		t.Fatalf("import: %s", imp)
	}
}

// TestGenerateDupevalWithheldIDsReachTheRegisterAsCitizens: with
// --withhold-ids no copy repeats a number the register holds, so every
// form is imported as a citizen and the matcher sees every copy.
func TestGenerateDupevalWithheldIDsReachTheRegisterAsCitizens(t *testing.T) {
	dir := t.TempDir()
	out, truth := filepath.Join(dir, "set.csv"), filepath.Join(dir, "truth.csv")
	mustRun(t, "generate-dupeval", "--people", "1500", "--seed", "3", "--withhold-ids", "--out", out, "--truth", truth)
	imp := mustRun(t, "import", "--db", "sqlite:"+filepath.Join(dir, "t.db"), "--as-of", "2026-01-01", "--no-progress", out)
	if !strings.Contains(imp, " 0 conflicts") || !strings.Contains(imp, " 0 invalid") || !strings.Contains(imp, " 0 unchanged") {
		t.Fatalf("import: %s", imp)
	}
}

func TestGenerateDupevalRefusesABadShare(t *testing.T) {
	dir := t.TempDir()
	_, errOut, code := run(t, "generate-dupeval", "--people", "100", "--duplicates", "1.5",
		"--out", filepath.Join(dir, "a.csv"), "--truth", filepath.Join(dir, "b.csv"))
	if code == 0 || !strings.Contains(errOut, "share") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.csv")); err == nil {
		t.Error("a file was written for a refused run")
	}
}
