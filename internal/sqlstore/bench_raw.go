package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// The raw reference of `dancu bench import` (issue 14): the rows an import
// wrote, inserted again with nothing of dancu around them — no parsing, no
// validation, no history logic, no quality rules, no audit — into two
// tables with the same columns, types, primary keys and unique keys as
// citizens and citizen_versions. SQLite: one prepared single-row INSERT per
// table, all in one transaction. PostgreSQL: COPY into each table, in one
// transaction. The definitions are frozen here, not copied from the live
// schema, so the reference cannot drift with dancu's own storage choices.

// rawCitizenColumns and rawVersionColumns are the columns an import writes.
var (
	rawCitizenColumns = importCitizenColumns
	rawVersionColumns = versionColumns
)

var rawTables = map[string][]string{
	"sqlite": {
		`CREATE TABLE raw_citizens (rid INTEGER PRIMARY KEY, id TEXT NOT NULL, id_number TEXT, old_id_number TEXT, record_ref TEXT,
			content_hash INTEGER NOT NULL, full_name TEXT NOT NULL, name_key TEXT NOT NULL, birth_year INTEGER NOT NULL,
			birth_date TEXT NOT NULL, sex TEXT NOT NULL, status TEXT NOT NULL, permanent_commune TEXT, permanent_province TEXT,
			household_ref TEXT, version INTEGER NOT NULL, updated_at TEXT NOT NULL, father_number TEXT, mother_number TEXT,
			spouse_number TEXT, representative_number TEXT, head_number TEXT, batch_id INTEGER)`,
		`CREATE UNIQUE INDEX raw_citizens_id ON raw_citizens (id)`,
		`CREATE UNIQUE INDEX raw_citizens_id_number ON raw_citizens (id_number) WHERE id_number IS NOT NULL`,
		`CREATE UNIQUE INDEX raw_citizens_record_ref ON raw_citizens (record_ref) WHERE record_ref IS NOT NULL`,
		`CREATE TABLE raw_versions (citizen_rid INTEGER NOT NULL, version INTEGER NOT NULL, recorded_at TEXT NOT NULL,
			valid_from TEXT NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, previous TEXT, data TEXT NOT NULL,
			PRIMARY KEY (citizen_rid, version))`,
	},
	"postgres": {
		`CREATE TABLE raw_citizens (id TEXT NOT NULL UNIQUE, id_number TEXT, old_id_number TEXT, record_ref TEXT,
			content_hash BIGINT NOT NULL, full_name TEXT NOT NULL, name_key TEXT COLLATE "C" NOT NULL, birth_year INTEGER NOT NULL,
			birth_date TEXT NOT NULL, sex TEXT NOT NULL, status TEXT NOT NULL, permanent_commune TEXT, permanent_province TEXT,
			household_ref TEXT, version INTEGER NOT NULL, updated_at TIMESTAMPTZ NOT NULL, father_number TEXT, mother_number TEXT,
			spouse_number TEXT, representative_number TEXT, head_number TEXT, batch_id BIGINT, rid BIGINT PRIMARY KEY)`,
		`CREATE UNIQUE INDEX raw_citizens_id_number ON raw_citizens (id_number) WHERE id_number IS NOT NULL`,
		`CREATE UNIQUE INDEX raw_citizens_record_ref ON raw_citizens (record_ref) WHERE record_ref IS NOT NULL`,
		`CREATE TABLE raw_versions (citizen_rid BIGINT NOT NULL, version INTEGER NOT NULL, recorded_at TIMESTAMPTZ NOT NULL,
			valid_from TIMESTAMPTZ NOT NULL, actor TEXT NOT NULL, reason TEXT NOT NULL, previous TEXT, data TEXT NOT NULL,
			PRIMARY KEY (citizen_rid, version))`,
	},
}

// rawRowSet is what an import wrote: a projection row and a version row
// per citizen.
type rawRowSet struct {
	citizens, versions [][]any
}

// RawInsertRate is the reference `dancu bench import` compares an import
// with: it reads back what the import wrote and inserts the same rows
// into the keyed scratch tables above, then drops them. It returns the
// citizens inserted (each one projection row and one version row) and
// citizens per second.
func (d *Bench) RawInsertRate(ctx context.Context) (int, float64, error) {
	var set rawRowSet
	var err error
	if set.citizens, err = readRawRows(ctx, d.sql, "citizens", rawCitizenColumns, "", d.dialect.name); err != nil {
		return 0, 0, err
	}
	if set.versions, err = readRawRows(ctx, d.sql, "citizen_versions", rawVersionColumns, "data", d.dialect.name); err != nil {
		return 0, 0, err
	}
	rate, err := rawInsert(ctx, d.sql, d.dialect.name, set)
	return len(set.citizens), rate, err
}

// readRawRows reads every row of table. jsonCol, on PostgreSQL, is read as
// its text and passed back as raw bytes (a json column takes those as is).
func readRawRows(ctx context.Context, db *sql.DB, table string, cols []string, jsonCol, engine string) ([][]any, error) {
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = c
		if engine == "postgres" && (c == jsonCol || c == "previous") {
			sel[i] = "CAST(" + c + " AS TEXT)"
		}
	}
	rows, err := db.QueryContext(ctx, `SELECT `+strings.Join(sel, ", ")+` FROM `+table)
	if err != nil {
		return nil, fmt.Errorf("read %s for the raw reference: %w", table, err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			switch x := v.(type) {
			case []byte:
				vals[i] = string(x)
			case string:
				if engine == "postgres" && (cols[i] == jsonCol || cols[i] == "previous") {
					vals[i] = []byte(x) // raw JSON, not a string to quote
				}
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

// rawInsert inserts the rows into fresh scratch tables and returns
// citizens per second; the tables are dropped afterwards.
func rawInsert(ctx context.Context, db *sql.DB, engine string, set rawRowSet) (float64, error) {
	drop := func() error {
		for _, t := range []string{"raw_citizens", "raw_versions"} {
			if _, err := db.ExecContext(context.WithoutCancel(ctx), `DROP TABLE IF EXISTS `+t); err != nil {
				return err
			}
		}
		return nil
	}
	if err := drop(); err != nil {
		return 0, err
	}
	for _, ddl := range rawTables[engine] {
		if _, err := db.ExecContext(ctx, ddl); err != nil {
			drop()
			return 0, fmt.Errorf("raw reference: %w", err)
		}
	}
	start := time.Now()
	var err error
	if engine == "postgres" {
		err = rawCopy(ctx, db, set)
	} else {
		err = rawPrepared(ctx, db, set)
	}
	elapsed := time.Since(start)
	if derr := drop(); err == nil {
		err = derr
	}
	if err != nil {
		return 0, fmt.Errorf("raw insert: %w", err)
	}
	return float64(len(set.citizens)) / elapsed.Seconds(), nil
}

// rawPrepared is SQLite's reference: two prepared single-row INSERTs, one
// transaction, committed (the commit is part of the time), on a connection
// with the same page cache as an import batch's.
func rawPrepared(ctx context.Context, db *sql.DB, set rawRowSet) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer func() {
		conn.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", -sqliteCacheKiB))
		conn.Close()
	}()
	if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -sqliteImportCacheKiB)); err != nil {
		return err
	}
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	for _, part := range []struct {
		table string
		cols  []string
		rows  [][]any
	}{{"raw_citizens", rawCitizenColumns, set.citizens}, {"raw_versions", rawVersionColumns, set.versions}} {
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO `+part.table+` (`+strings.Join(part.cols, ", ")+`) VALUES (`+strings.TrimSuffix(strings.Repeat("?, ", len(part.cols)), ", ")+`)`)
		if err != nil {
			return err
		}
		for _, r := range part.rows {
			if _, err := stmt.ExecContext(ctx, r...); err != nil {
				stmt.Close()
				return err
			}
		}
		stmt.Close()
	}
	return tx.Commit()
}

// rawCopy is PostgreSQL's reference: binary COPY into each table, one
// transaction, committed.
func rawCopy(ctx context.Context, db *sql.DB, set rawRowSet) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(context.WithoutCancel(ctx))
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"raw_citizens"}, rawCitizenColumns, pgx.CopyFromRows(set.citizens)); err != nil {
			return err
		}
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{"raw_versions"}, rawVersionColumns, pgx.CopyFromRows(set.versions)); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}
