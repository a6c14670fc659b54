package sqlstore

import (
	"context"
	"database/sql"
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

// TestSQLiteStorageSettings protects what keeps a register small on disk: a
// new file gets large pages (sqlitePageSize: version rows of ~1 KB fill
// them; 4 KiB pages left a quarter empty), a file created with another page size keeps it,
// and every connection truncates an emptied WAL to 4 MiB.
func TestSQLiteStorageSettings(t *testing.T) {
	dir := t.TempDir()
	old := filepath.Join(dir, "old.db")
	raw, err := sql.Open("sqlite", old) // SQLite's default page size, 4 KiB
	if err == nil {
		_, err = raw.Exec(`CREATE TABLE earlier (a INTEGER)`)
		raw.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		path     string
		wantPage int
	}{
		{"new", filepath.Join(dir, "new.db"), sqlitePageSize},
		{"reopened", filepath.Join(dir, "new.db"), sqlitePageSize},
		{"created with 4 KiB pages", old, 4096},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d, err := Open(context.Background(), "sqlite:"+tc.path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			var page, limit int
			if err := d.sql.QueryRow(`PRAGMA page_size`).Scan(&page); err != nil {
				t.Fatal(err)
			}
			if err := d.sql.QueryRow(`PRAGMA journal_size_limit`).Scan(&limit); err != nil {
				t.Fatal(err)
			}
			if page != tc.wantPage || limit != sqliteWALKeepBytes {
				t.Errorf("page_size %d, journal_size_limit %d; want %d and %d", page, limit, tc.wantPage, sqliteWALKeepBytes)
			}
		})
	}
}
