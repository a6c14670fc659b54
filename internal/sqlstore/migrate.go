package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strconv"
	"strings"
)

//go:embed migrations
var migrationFiles embed.FS

// Migration is one versioned schema step.
type Migration struct {
	Version int
	Name    string
	SQL     string
}

// Migrations lists the embedded migrations of an engine in order.
func Migrations(engine string) ([]Migration, error) {
	dir := "migrations/" + engine
	entries, err := fs.ReadDir(migrationFiles, dir)
	if err != nil {
		return nil, fmt.Errorf("read migrations for %s: %w", engine, err)
	}
	var out []Migration
	for _, e := range entries {
		name := e.Name()
		num, _, ok := strings.Cut(name, "_")
		v, err := strconv.Atoi(num)
		if !ok || err != nil || !strings.HasSuffix(name, ".sql") {
			return nil, fmt.Errorf("migration %s/%s: name must be NNNN_description.sql", dir, name)
		}
		b, err := migrationFiles.ReadFile(dir + "/" + name)
		if err != nil {
			return nil, err
		}
		out = append(out, Migration{Version: v, Name: name, SQL: string(b)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Version < out[j].Version })
	return out, nil
}

// Migrate applies the pending migrations, each in its own transaction with
// its row in schema_migrations, so a failed step leaves the previous schema.
func (d *DB) Migrate(ctx context.Context) error {
	if _, err := d.sql.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create schema_migrations: %w", err)
	}
	migs, err := Migrations(d.dialect.name)
	if err != nil {
		return err
	}
	applied := map[int]bool{}
	rows, err := d.sql.QueryContext(ctx, `SELECT version FROM schema_migrations`)
	if err != nil {
		return fmt.Errorf("read schema_migrations: %w", err)
	}
	for rows.Next() {
		var v int
		if err := rows.Scan(&v); err != nil {
			rows.Close()
			return err
		}
		applied[v] = true
	}
	rows.Close()
	for _, m := range migs {
		if applied[m.Version] {
			continue
		}
		if err := d.apply(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// foreignKeysOffMarker starts a SQLite migration that rebuilds a table
// other tables reference: SQLite's procedure for that (create the new
// table, copy, drop the old, rename) needs foreign keys off, and the
// pragma cannot change inside a transaction. Such a migration runs on one
// connection with them off and commits only if foreign_key_check finds no
// dangling reference.
const foreignKeysOffMarker = "-- sqlite: foreign keys off"

func (d *DB) apply(ctx context.Context, m Migration) error {
	var q interface {
		BeginTx(context.Context, *sql.TxOptions) (*sql.Tx, error)
	} = d.sql
	fkOff := d.dialect.name == "sqlite" && strings.HasPrefix(m.SQL, foreignKeysOffMarker)
	if fkOff {
		conn, err := d.sql.Conn(ctx)
		if err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		// Closing a connection returns it to the pool: foreign keys go back
		// on first, whatever happened.
		defer func() {
			conn.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
			conn.Close()
		}()
		if _, err := conn.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
		q = conn
	}
	tx, err := q.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	defer tx.Rollback()
	if _, err := tx.ExecContext(ctx, m.SQL); err != nil {
		return fmt.Errorf("migration %s: %w", m.Name, err)
	}
	if fkOff {
		if err := foreignKeyCheck(ctx, tx); err != nil {
			return fmt.Errorf("migration %s: %w", m.Name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)`,
		m.Version, m.Name, d.now().UTC().Format(sqliteTime)); err != nil {
		// Two processes migrating at once: the loser's insert conflicts.
		return fmt.Errorf("migration %s: record: %w", m.Name, err)
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migration %s: commit: %w", m.Name, err)
	}
	return nil
}

// SchemaVersion returns the highest applied migration.
func (d *DB) SchemaVersion(ctx context.Context) (int, error) {
	var v int
	err := d.sql.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&v)
	return v, err
}

// foreignKeyCheck fails if any row references a missing parent.
func foreignKeyCheck(ctx context.Context, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `PRAGMA foreign_key_check`)
	if err != nil {
		return fmt.Errorf("foreign key check: %w", err)
	}
	defer rows.Close()
	if rows.Next() {
		var table, parent string
		var rowid sql.NullInt64
		var fk int
		if err := rows.Scan(&table, &rowid, &parent, &fk); err != nil {
			return fmt.Errorf("foreign key check: %w", err)
		}
		return fmt.Errorf("foreign key check: row %d of %s names a missing %s", rowid.Int64, table, parent)
	}
	return rows.Err()
}
