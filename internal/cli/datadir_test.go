package cli

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dancu/internal/pgtest"
)

const cliTestMainEnv = "DANCU_CLI_TEST_MAIN"

// TestMain points the per-user folders at a temporary home, so that no
// test writes the default data or keys folders of whoever runs it.
//
// With DANCU_CLI_TEST_MAIN=1 the test binary is the dancu command itself
// (its arguments are the command line): the crash tests run it as a real
// process to kill it.
func TestMain(m *testing.M) {
	if os.Getenv(cliTestMainEnv) == "1" {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	home, err := os.MkdirTemp("", "dancu-cli-home-")
	if err != nil {
		panic(err)
	}
	os.Setenv("HOME", home)
	os.Setenv("XDG_DATA_HOME", filepath.Join(home, "data"))
	os.Setenv("XDG_CONFIG_HOME", filepath.Join(home, "config"))
	code := pgtest.Main(m)
	os.RemoveAll(home)
	os.Exit(code)
}

// TestDemoDataDirectory is the operator's path through the data
// directory: a demo builds everything into DIR (and its keys into the
// keys folder, apart), a card exports with nothing but --data DIR, a
// second demo in the same DIR reuses it and a demo in another DIR runs
// right after it in the same environment. Nothing is written to the
// working directory, and every file is 0600 and every folder 0700.
func TestDemoDataDirectory(t *testing.T) {
	cwd := t.TempDir()
	t.Chdir(cwd)
	keys := filepath.Join(t.TempDir(), "config")
	t.Setenv("XDG_CONFIG_HOME", keys) // the default keys folder, ~/.config/dancu/keys
	t.Setenv("DANCU_PKI_PASSPHRASE", "")
	os.Unsetenv("DANCU_PKI_PASSPHRASE")
	base := t.TempDir()
	first, second := filepath.Join(base, "first"), filepath.Join(base, "second")
	// A symbolic link planted where earlier versions wrote the demo's
	// import report, in the shared temporary folder.
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	victim := filepath.Join(t.TempDir(), "victim")
	if err := os.WriteFile(victim, []byte("not the demo's\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(victim, filepath.Join(tmp, "dancu-demo-import.errors.csv")); err != nil {
		t.Fatal(err)
	}

	// 3,000 people: enough for the generator's planted legacy-data
	// warnings, so the demo writes an import report.
	out := mustRun(t, "demo", "--no-serve", "--people", "3000", "--data", first)
	for _, want := range []string{"data directory " + first, "demo database ready", "admin", "tinh42", "role commune", "kiemtoan", "role auditor", "cards handed over", "passphrase", "--data " + first, "OpenID Connect", "demo-rp", "client_secret "} {
		if !strings.Contains(out, want) {
			t.Errorf("demo output lacks %q:\n%s", want, out)
		}
	}
	exported := checkDemoCards(t, first)
	if again := mustRun(t, "demo", "--no-serve", "--people", "1500", "--data", first); !strings.Contains(again, "already loaded") {
		t.Errorf("second demo run in %s rebuilt the data:\n%s", first, again)
	}
	other := mustRun(t, "demo", "--no-serve", "--people", "1500", "--data", second)
	if !strings.Contains(other, "cards handed over") {
		t.Errorf("a demo in a second data directory did not build its own:\n%s", other)
	}
	checkDemoCards(t, second)

	if b, _ := os.ReadFile(victim); string(b) != "not the demo's\n" {
		t.Errorf("the demo wrote through a link planted in the temporary folder: %q", b)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 1 {
		t.Errorf("the demo left files in the temporary folder: %v", left)
	}
	for _, f := range []string{"dancu.db", "blobs", "pki/csca.pem", "reports/demo-import.errors.csv"} {
		if _, err := os.Stat(filepath.Join(first, f)); err != nil {
			t.Errorf("data directory lacks %s: %v", f, err)
		}
	}
	keyDir := filepath.Join(keys, "dancu", "keys")
	for _, f := range []string{blobKeyName, auditKeyName, demoPassName} {
		if _, err := os.Stat(filepath.Join(keyDir, f)); err != nil {
			t.Errorf("keys folder lacks %s: %v", f, err)
		}
	}
	for _, root := range []string{first, second, keyDir, exported} {
		checkPrivateTree(t, root)
	}
	if left, _ := os.ReadDir(cwd); len(left) > 0 {
		var names []string
		for _, e := range left {
			names = append(names, e.Name())
		}
		t.Errorf("the commands wrote into the working directory: %v", names)
	}
}

// checkPrivateTree fails for any folder under root that is not 0700 and
// any file that is not 0600.
func checkPrivateTree(t *testing.T, root string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		} else {
			files++
		}
		if got := info.Mode().Perm(); got != want {
			t.Errorf("%s has mode %v, want %v", p, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files == 0 {
		t.Errorf("%s holds no file", root)
	}
}

// TestKeysKeptApartFromData protects the separation the audit log and the
// captures rely on: a key placed inside the data directory, or the audit
// key beside the SQLite file, is refused with a message that says why.
func TestKeysKeptApartFromData(t *testing.T) {
	dir := t.TempDir()
	data := filepath.Join(dir, "data")
	for _, tc := range []struct {
		name string
		args []string
		want string
	}{
		{"keys folder inside the data directory", []string{"audit", "public-key", "--data", data, "--keys", filepath.Join(data, "keys")}, "inside the data directory"},
		{"audit key beside the database", []string{"audit", "public-key", "--db", "sqlite:" + filepath.Join(dir, "r.db"), "--audit-key", filepath.Join(dir, "audit.pem")}, "beside the database"},
		{"captures' key inside the blob folder", []string{"card", "export", "042090000123", "--out", filepath.Join(dir, "out"), "--data", data, "--blobs", filepath.Join(dir, "blobs"), "--blob-key-file", filepath.Join(dir, "blobs", "k")}, "apart from the captures"},
		{"captures' key inside the data directory", []string{"card", "export", "042090000123", "--out", filepath.Join(dir, "out"), "--data", data, "--blob-key-file", filepath.Join(data, "blobs.key")}, "apart from the captures"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, errOut, code := run(t, tc.args...)
			if code == 0 || !strings.Contains(errOut, tc.want) {
				t.Errorf("exit %d, stderr %q; want a refusal naming %q", code, errOut, tc.want)
			}
		})
	}
}
