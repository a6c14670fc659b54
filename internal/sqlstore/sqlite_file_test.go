package sqlstore

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestSQLiteFilesArePrivate protects the register on disk: the database
// file and the -wal and -shm files SQLite makes beside it are 0600, for a
// new database and for one an older version created 0644.
func TestSQLiteFilesArePrivate(t *testing.T) {
	for _, tc := range []struct {
		name     string
		existing os.FileMode // 0: no file before Open
	}{{"new", 0}, {"created 0644 before", 0o644}} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "r.db")
			if tc.existing != 0 {
				if err := os.WriteFile(path, nil, tc.existing); err != nil {
					t.Fatal(err)
				}
				os.Chmod(path, tc.existing)
			}
			db, err := Open(context.Background(), "sqlite:"+path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			// A write with the pool open: the WAL and shared-memory files exist now.
			if _, err := db.SQL().Exec(`INSERT INTO settings (name, value) VALUES ('mode-test', 'x')`); err != nil {
				t.Fatal(err)
			}
			for _, p := range []string{path, path + "-wal", path + "-shm"} {
				st, err := os.Stat(p)
				if err != nil {
					t.Fatalf("%s: %v", filepath.Base(p), err)
				}
				if got := st.Mode().Perm(); got != 0o600 {
					t.Errorf("%s has mode %v, want 0600", filepath.Base(p), got)
				}
			}
		})
	}
}
