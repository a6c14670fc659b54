package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"dancu/internal/sqlstore"
)

// A SQLite backup is one folder:
//
//	BACKUP/dancu.db, dancu.audit.db   the register and its audit chain (online backup API)
//	BACKUP/blobs/, BACKUP/pki/        the data directory's captures and sealed keys
//	BACKUP/backup.json                what was copied, and when
//
// KEYS (the captures' key, the audit checkpoint key) is not in it: a
// backup must not hold the keys to its own captures and to the log's
// signatures; back KEYS up apart (docs/OPERATIONS.md). PostgreSQL is
// backed up by pgBackRest (full backups plus the WAL archive), which
// `dancu backup --pgbackrest-stanza` runs.

// backupManifest is BACKUP/backup.json.
type backupManifest struct {
	Created  time.Time `json:"created"`
	Engine   string    `json:"engine"`
	Register string    `json:"register"`
	Audit    string    `json:"audit"`
	Folders  []string  `json:"folders"`
	Version  string    `json:"dancu_version"`
}

const (
	manifestName    = "backup.json"
	backupAuditName = "dancu.audit.db"
)

// backupFolders are the data directory's folders a backup carries, by
// name in the backup.
func (a *app) backupFolders() map[string]string {
	return map[string]string{"blobs": a.blobDir(), "pki": a.pkiDir()}
}

func (a *app) backupCommand() *cobraCommand {
	var to string
	var pg pgBackRest
	cmd := &cobraCommand{
		Use:   "backup",
		Short: "Back the register up: SQLite into a folder (online backup API, with the audit file, blobs and PKI); PostgreSQL through pgBackRest",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if pg.stanza != "" {
				return pg.backup(cmd.Context(), a)
			}
			if to == "" {
				return fmt.Errorf("give --to FOLDER (SQLite) or --pgbackrest-stanza NAME (PostgreSQL)")
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error { return a.backupSQLite(cmd, db, to) })
		},
	}
	cmd.Flags().StringVar(&to, "to", "", "new folder to write the SQLite backup into (refused if it exists and is not empty)")
	pg.register(cmd.Flags(), false)
	return cmd
}

func (a *app) backupSQLite(cmd *cobraCommand, db *sqlstore.DB, to string) error {
	if err := newPrivateFolder(to); err != nil {
		return err
	}
	m := backupManifest{Created: time.Now().UTC(), Engine: db.Engine(), Register: dbFileName, Audit: backupAuditName, Version: Version}
	if err := db.BackupSQLite(cmd.Context(), filepath.Join(to, dbFileName)); err != nil {
		return err
	}
	for name, dir := range a.backupFolders() {
		n, err := copyPrivateTree(dir, filepath.Join(to, name))
		if err != nil {
			return fmt.Errorf("back up %s: %w", dir, err)
		}
		if n > 0 {
			m.Folders = append(m.Folders, name)
		}
	}
	b, _ := json.MarshalIndent(m, "", "  ")
	if err := writePrivateFile(filepath.Join(to, manifestName), append(b, '\n')); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "backup written to %s (register, audit log, %v)\n", to, m.Folders)
	return nil
}

// newPrivateFolder creates dir 0700; an existing one must be empty, so a
// backup never mixes with another.
func newPrivateFolder(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("create %s: %w", dir, err)
	}
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	if len(ents) > 0 {
		return fmt.Errorf("%s is not empty: give a new folder for the backup", dir)
	}
	return os.Chmod(dir, 0o700)
}
