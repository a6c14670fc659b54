package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// `dancu bench search --loaded` measures a register loaded beforehand: it
// generates and imports nothing, and refuses a SQLite file that is not
// there rather than measure a new empty register.
func TestBenchOnLoadedRegister(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "p.csv")
	mustRun(t, "generate", "--province", "42", "--people", "300", "--seed", "7", "--out", file)
	mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", "--check-duplicates=false", file)
	work := filepath.Join(dir, "work")
	if err := os.Mkdir(work, 0o700); err != nil {
		t.Fatal(err)
	}
	out := mustRun(t, "bench", "search", "--loaded", db, "--people", "300", "--dir", work, "--queries", "5")
	if !strings.Contains(out, "bench search sqlite") || strings.Contains(out, "generate:") {
		t.Errorf("output:\n%s", out)
	}
	if left, _ := filepath.Glob(filepath.Join(work, "*")); len(left) != 0 {
		t.Errorf("the bench generated or imported into its folder: %v", left)
	}
	_, errOut, code := run(t, "bench", "search", "--loaded", "sqlite:"+filepath.Join(dir, "missing.db"), "--queries", "5")
	if code == 0 || !strings.Contains(errOut, "--loaded") {
		t.Errorf("a missing register: exit %d, %s", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "missing.db")); err == nil {
		t.Error("a missing register was created")
	}
}
