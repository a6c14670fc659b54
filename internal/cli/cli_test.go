package cli

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/registry"
)

// run executes the command line as a user would and returns its output.
func run(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code := Main(args, &out, &errOut)
	return out.String(), errOut.String(), code
}

func mustRun(t *testing.T, args ...string) string {
	t.Helper()
	out, errOut, code := run(t, args...)
	if code != 0 {
		t.Fatalf("dancu %s: exit %d\n%s%s", strings.Join(args, " "), code, out, errOut)
	}
	return out
}

func TestGenerateImportShowFind(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "p.csv")
	mustRun(t, "generate", "--province", "42", "--people", "2000", "--seed", "7", "--out", file)
	out := mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", file)
	if !strings.Contains(out, "committed: 2000 rows, 2000 inserted") {
		t.Fatalf("import output: %s", out)
	}
	// Idempotent: the same file again changes nothing.
	out = mustRun(t, "import", "--db", db, "--as-of", "2026-01-01", "--no-progress", file)
	if !strings.Contains(out, "0 inserted, 2000 unchanged") {
		t.Fatalf("re-import output: %s", out)
	}

	rows := readCSV(t, file)
	var number, name string
	for _, r := range rows[1:] {
		if r[1] != "" {
			number, name = r[1], r[3]
			break
		}
	}
	js := mustRun(t, "citizen", "show", number, "--json", "--db", db)
	var c registry.Citizen
	if err := json.Unmarshal([]byte(js), &c); err != nil {
		t.Fatalf("show --json: %v\n%s", err, js)
	}
	if c.IDNumber != number || c.FullName != name || c.Version != 1 {
		t.Errorf("show: %s %s v%d, want %s %s v1", c.IDNumber, c.FullName, c.Version, number, name)
	}
	found := mustRun(t, "citizen", "find", "--db", db, strings.ToLower(name))
	if !strings.Contains(found, number) {
		t.Errorf("find %q did not list %s:\n%s", name, number, found)
	}
	if _, errOut, code := run(t, "citizen", "show", "999999999999", "--db", db); code == 0 || !strings.Contains(errOut, "no citizen") {
		t.Errorf("unknown number: exit %d, %s", code, errOut)
	}
	// An operator's reads and imports from the command line are in the
	// audit log too, and the log still verifies.
	logged := mustRun(t, "audit", "query", "--db", db, "--citizen", number, "--json")
	if !strings.Contains(logged, `"citizen.read"`) || !strings.Contains(logged, `"citizen.search"`) || !strings.Contains(logged, `"role":"operator"`) {
		t.Errorf("audit log lacks the CLI reads of %s:\n%s", number, logged)
	}
	if all := mustRun(t, "audit", "query", "--db", db, "--json"); !strings.Contains(all, `"import.batch"`) {
		t.Errorf("audit log lacks the import batch:\n%s", all)
	}
	mustRun(t, "audit", "verify", "--db", db)
}

func TestImportRejectsBadBatch(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "t.db")
	file := filepath.Join(dir, "bad.csv")
	os.WriteFile(file, []byte("record_ref,full_name,birth_date,sex,permanent_commune\nA1,Lê Văn Tám,1980,M,18073\nA2,Lê Văn Bảy,1980-13-01,M,18073\n"), 0o600)
	out, errOut, code := run(t, "import", "--db", db, "--no-progress", "--report", filepath.Join(dir, "r.csv"), file)
	if code == 0 || !strings.Contains(errOut, "batch rejected") {
		t.Fatalf("exit %d\n%s%s", code, out, errOut)
	}
	report := readCSV(t, filepath.Join(dir, "r.csv"))
	if len(report) != 2 || report[1][0] != "A2" || report[1][2] != "birth_date" || report[1][3] != "error" {
		t.Errorf("report = %v", report)
	}
	if found, _, _ := run(t, "citizen", "find", "--db", db, "le van"); strings.Contains(found, "Tám") {
		t.Error("a rejected batch left rows behind")
	}
}

func TestDemoNoServe(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	db := "sqlite:" + filepath.Join(dir, "demo.db")
	out := mustRun(t, "demo", "--no-serve", "--people", "1500", "--db", db)
	for _, want := range []string{"demo database ready", "admin", "tinh42", "role commune", "kiemtoan", "role auditor", "cards handed over", "passphrase"} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	checkDemoCards(t, db)
	again := mustRun(t, "demo", "--no-serve", "--people", "1500", "--db", db)
	if !strings.Contains(again, "already loaded") {
		t.Errorf("second demo run rebuilt the data:\n%s", again)
	}
}

func TestEnvironmentConfiguresFlags(t *testing.T) {
	t.Setenv("DANCU_LOG_FORMAT", "yaml")
	if _, errOut, code := run(t, "migrate", "--db", "sqlite:"+filepath.Join(t.TempDir(), "x.db")); code == 0 || !strings.Contains(errOut, "yaml") {
		t.Errorf("DANCU_LOG_FORMAT=yaml was not applied: exit %d %s", code, errOut)
	}
}

func readCSV(t *testing.T, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

func TestUserCommands(t *testing.T) {
	dir := t.TempDir()
	db := "sqlite:" + filepath.Join(dir, "u.db")
	out := mustRun(t, "user", "create", "xa18073", "--role", "commune", "--unit", "18073", "--db", db)
	if !strings.Contains(out, "created xa18073 (commune") || !strings.Contains(out, "password: ") {
		t.Fatalf("create: %s", out)
	}
	if _, errOut, code := run(t, "user", "create", "bad", "--role", "commune", "--unit", "99999", "--db", db); code == 0 || !strings.Contains(errOut, "unit") {
		t.Errorf("unknown unit accepted: %d %s", code, errOut)
	}
	list := mustRun(t, "user", "list", "--db", db)
	if !strings.Contains(list, "xa18073") || !strings.Contains(list, "18073") {
		t.Errorf("list: %s", list)
	}
	mustRun(t, "user", "disable", "xa18073", "--db", db)
	if list := mustRun(t, "user", "list", "--db", db); !strings.Contains(list, "true") {
		t.Errorf("disabled user not shown as disabled: %s", list)
	}
}
