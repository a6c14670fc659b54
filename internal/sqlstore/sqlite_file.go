package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"strings"
)

// createPrivateSQLite creates a new SQLite database file with mode 0600
// before SQLite opens it. SQLite would create it 0644 (less the umask),
// and it gives the -wal and -shm files the mode of the database file, so
// this one file decides who can read the register. An existing file with
// a wider mode is narrowed: the register holds every citizen's data.
func createPrivateSQLite(path string, pageSize int) error {
	if path == "" || strings.HasPrefix(path, ":memory:") || strings.HasPrefix(path, "file:") {
		return nil
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	switch {
	case err == nil:
		if err := f.Chmod(0o600); err != nil { // explicit: whatever the umask
			f.Close()
			return fmt.Errorf("sqlite: set the mode of %s: %w", path, err)
		}
		if err := f.Close(); err != nil {
			return fmt.Errorf("sqlite: create %s: %w", path, err)
		}
		if pageSize == 0 {
			return nil
		}
		return setPageSize(path, pageSize)
	case errors.Is(err, fs.ErrExist):
		for _, p := range []string{path, path + "-wal", path + "-shm"} {
			st, err := os.Stat(p)
			if err != nil || st.Mode().Perm()&0o077 == 0 {
				continue
			}
			if err := os.Chmod(p, st.Mode().Perm()&0o700); err != nil {
				return fmt.Errorf("sqlite: %s is readable by other accounts (mode %v) and cannot be narrowed: %w", p, st.Mode().Perm(), err)
			}
		}
		return nil
	default:
		return fmt.Errorf("sqlite: create %s: %w", path, err)
	}
}

// RemoveSQLite deletes a SQLite register, its audit file and its leases
// and rate buckets' file, with their write-ahead logs, and the audit
// journal: what a benchmark does before it recreates one (a register
// recreated beside an old audit file does not open).
func RemoveSQLite(path string) {
	for _, p := range []string{path, AuditFilePath(path), CoordFilePath(path)} {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suffix)
		}
	}
	os.Remove(AuditJournalPath(path))
}

// setPageSize gives a new, empty database file its page size and WAL
// mode, in that order on one connection: once the file is in WAL mode its
// page size can no longer change.
func setPageSize(path string, pageSize int) error {
	db, err := sql.Open("sqlite", path)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	defer db.Close()
	ctx := context.Background()
	conn, err := db.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	defer conn.Close()
	for _, stmt := range []string{fmt.Sprintf("PRAGMA page_size = %d", pageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := conn.ExecContext(ctx, stmt); err != nil {
			return fmt.Errorf("sqlite: %s on %s: %w", stmt, path, err)
		}
	}
	return nil
}
