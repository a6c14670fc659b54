package cli

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// A second batch into a register that already holds people is checked
// against it: the duplicates it brings are filed for review at once, and
// `duplicates --since` finds the same pairs without a full run.
func TestImportChecksNewRecordsForDuplicates(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "d.db")
	all := filepath.Join(dir, "all.csv")
	mustRun(t, "generate", "--province", "42", "--people", "3000", "--seed", "11", "--duplicates", "0.08",
		"--truth", filepath.Join(dir, "truth.csv"), "--out", all)
	raw, err := os.ReadFile(all)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.SplitAfter(strings.TrimRight(string(raw), "\n")+"\n", "\n")
	header, rows := lines[0], lines[1:len(lines)-1]
	cut := len(rows) * 8 / 10
	first, second := filepath.Join(dir, "first.csv"), filepath.Join(dir, "second.csv")
	os.WriteFile(first, []byte(header+strings.Join(rows[:cut], "")), 0o600)
	os.WriteFile(second, []byte(header+strings.Join(rows[cut:], "")), 0o600)

	out := mustRun(t, "import", "--db", db, "--no-progress", first)
	if strings.Contains(out, "filed for review") {
		t.Errorf("an initial load ran the incremental check:\n%s", out)
	}
	out = mustRun(t, "import", "--db", db, "--no-progress", second)
	m := regexp.MustCompile(`(\d+) possible duplicates of the new records filed for review`).FindStringSubmatch(out)
	if m == nil {
		t.Fatalf("the second batch was not checked:\n%s", out)
	}
	if n, _ := strconv.Atoi(m[1]); n == 0 {
		t.Errorf("the second batch brought no duplicate pairs:\n%s", out)
	}
	csv := mustRun(t, "duplicates", "--db", db, "--since", "2000-01-01")
	if !strings.HasPrefix(csv, "left_ref,right_ref,score,decision\n") || strings.Count(csv, "\n") < 2 {
		t.Errorf("duplicates --since printed:\n%s", csv)
	}
}
