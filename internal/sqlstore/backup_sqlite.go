package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"modernc.org/sqlite"
)

// BackupSQLite copies a SQLite register and its audit file into dest
// (NAME.db, and NAME.audit.db beside it; both 0600) with SQLite's online
// backup API: each copy is one consistent snapshot taken while the
// register keeps serving. The register is copied first: a change's entry
// waits in the register as an intent until it is on the chain, and moved
// intents are pruned from the register a minute later, so a chain copied
// after the register holds the entry of every change the copy holds
// (intents not yet moved move when the restored store opens). The chain
// may also hold entries of changes made between the two copies: the
// restore keeps them, a record of changes that the restore lost.
func (d *DB) BackupSQLite(ctx context.Context, dest string) error {
	if d.dialect.name != "sqlite" {
		return fmt.Errorf("backup: the register is on %s; back PostgreSQL up with pgBackRest (docs/OPERATIONS.md)", d.dialect.name)
	}
	if err := backupSQLite(ctx, d.sql, dest); err != nil {
		return fmt.Errorf("back up the register: %w", err)
	}
	// Reads' entries spooled in this process's journal go onto the chain
	// first, so the copy holds every read it answered before the backup
	// began. A server running beside this process keeps its own journal:
	// the copy holds its reads up to its mover's last pass (250 ms).
	if err := d.caps.auditLog.MoveIntents(ctx); err != nil {
		return fmt.Errorf("back up the audit log: move spooled entries onto the chain: %w", err)
	}
	if err := backupSQLite(ctx, d.chain.sql, AuditFilePath(dest)); err != nil {
		return fmt.Errorf("back up the audit log: %w", err)
	}
	return nil
}

// sqliteBackuper is what the modernc driver's connection offers.
type sqliteBackuper interface {
	NewBackup(dstURI string) (*sqlite.Backup, error)
}

// backupSQLite copies the database of pool into the new file dest in one
// step, which holds a read lock for the copy: writers wait in WAL mode
// only at checkpoints, never for the reader.
func backupSQLite(ctx context.Context, pool *sql.DB, dest string) error {
	// No page size: the backup gives the copy its source's.
	if err := createPrivateSQLite(dest, 0); err != nil {
		return err
	}
	conn, err := pool.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		b, ok := dc.(sqliteBackuper)
		if !ok {
			return fmt.Errorf("the SQLite driver offers no online backup (%T)", dc)
		}
		bk, err := b.NewBackup(dest)
		if err != nil {
			return fmt.Errorf("start the backup into %s: %w", dest, err)
		}
		for more := true; more; {
			if more, err = bk.Step(-1); err != nil {
				bk.Finish()
				return fmt.Errorf("copy into %s: %w", dest, err)
			}
		}
		return bk.Finish()
	})
}
