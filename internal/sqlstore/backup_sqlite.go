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
// register keeps serving. The audit file is copied first: a change's
// entry is also an intent in the register until it is moved onto the
// chain, so a register copied after the chain holds every change's entry
// (the restored store moves them on open); copied the other way round,
// the chain could record changes the restored register never had.
func (d *DB) BackupSQLite(ctx context.Context, dest string) error {
	if d.dialect.name != "sqlite" {
		return fmt.Errorf("backup: the register is on %s; back PostgreSQL up with pgBackRest (docs/OPERATIONS.md)", d.dialect.name)
	}
	if err := backupSQLite(ctx, d.chain.sql, AuditFilePath(dest)); err != nil {
		return fmt.Errorf("back up the audit log: %w", err)
	}
	if err := backupSQLite(ctx, d.sql, dest); err != nil {
		return fmt.Errorf("back up the register: %w", err)
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
	if err := createPrivateSQLite(dest); err != nil {
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
