package cli

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"dancu/internal/sqlstore"
)

func (a *app) restoreCommand() *cobraCommand {
	var from string
	var pg pgBackRest
	var rec restoreRecord
	cmd := &cobraCommand{
		Use:   "restore",
		Short: "Restore the register: SQLite from a `dancu backup` folder (then records the rollback in the audit log); PostgreSQL through pgBackRest, to a point in time",
		Long: "SQLite: stop every dancu process first. The current register, audit file, blobs and PKI are moved aside to\n" +
			"DATA/replaced-TIME/, the backup is copied in, and a signed restore entry records in the audit log what was\n" +
			"lost (from --last-head, the newest head published before) and why (--reason).\n" +
			"PostgreSQL: stop PostgreSQL first; pgBackRest restores the cluster, then start PostgreSQL and run\n" +
			"`dancu audit record-restore`.",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if pg.stanza != "" {
				return pg.restore(cmd.Context(), a)
			}
			if from == "" {
				return fmt.Errorf("give --from FOLDER (SQLite) or --pgbackrest-stanza NAME (PostgreSQL)")
			}
			if err := rec.check(); err != nil {
				return err
			}
			rec.backup = from
			if err := a.restoreSQLiteFiles(from); err != nil {
				return err
			}
			return a.withStore(cmd, func(db *sqlstore.DB) error { return a.recordRestore(cmd, db, rec) })
		},
	}
	cmd.Flags().StringVar(&from, "from", "", "SQLite: the folder `dancu backup --to` wrote")
	pg.register(cmd.Flags(), true)
	rec.register(cmd.Flags(), false)
	return cmd
}

// restoreSQLiteFiles moves the current state aside and copies the backup
// in its place.
func (a *app) restoreSQLiteFiles(from string) error {
	var m backupManifest
	b, err := os.ReadFile(filepath.Join(from, manifestName))
	if err != nil {
		return fmt.Errorf("%s is not a dancu backup: %w", from, err)
	}
	if err := json.Unmarshal(b, &m); err != nil || m.Engine != "sqlite" {
		return fmt.Errorf("%s: %s is not a SQLite backup's manifest", from, manifestName)
	}
	file, ok := sqlitePath(a.dsn())
	if !ok {
		return fmt.Errorf("--from restores a SQLite register, but --db is %s", sqlstore.RedactDSN(a.dsn()))
	}
	aside := filepath.Join(a.dataDir(), "replaced-"+time.Now().UTC().Format("20060102T150405Z"))
	if err := a.privateDir(aside); err != nil {
		return err
	}
	audit := sqlstore.AuditFilePath(file)
	var moves [][2]string
	// The journal goes with the replaced chain: its entries not yet moved
	// are that chain's.
	coord := sqlstore.CoordFilePath(file)
	for _, p := range []string{file, file + "-wal", file + "-shm", audit, audit + "-wal", audit + "-shm", sqlstore.AuditJournalPath(file),
		coord, coord + "-wal", coord + "-shm"} {
		moves = append(moves, [2]string{p, filepath.Join(aside, filepath.Base(p))})
	}
	for name, dir := range a.backupFolders() {
		moves = append(moves, [2]string{dir, filepath.Join(aside, name)})
	}
	for _, mv := range moves {
		if err := os.Rename(mv[0], mv[1]); err != nil && !errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("move %s aside: %w", mv[0], err)
		}
	}
	fmt.Fprintf(a.out, "moved the replaced state to %s\n", aside)
	for _, cp := range [][2]string{{m.Register, file}, {m.Audit, audit}} {
		if err := copyPrivateFile(filepath.Join(from, cp[0]), cp[1]); err != nil {
			return fmt.Errorf("restore %s: %w", cp[1], err)
		}
	}
	for _, name := range m.Folders {
		if _, err := copyPrivateTree(filepath.Join(from, name), a.backupFolders()[name]); err != nil {
			return fmt.Errorf("restore %s: %w", name, err)
		}
	}
	return nil
}
