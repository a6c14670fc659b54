package sqlstore

import (
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
func createPrivateSQLite(path string) error {
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
		return f.Close()
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

// RemoveSQLite deletes a SQLite register and its audit file, with their
// write-ahead logs: what a benchmark does before it recreates one (a
// register recreated beside an old audit file does not open).
func RemoveSQLite(path string) {
	for _, p := range []string{path, AuditFilePath(path)} {
		for _, suffix := range []string{"", "-wal", "-shm"} {
			os.Remove(p + suffix)
		}
	}
}
