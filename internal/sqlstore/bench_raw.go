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

// rawColumns mirror the citizens projection plus the record itself: the
// same information per person, in one table with no index, no constraint
// and no history.
var rawColumns = []string{"id", "id_number", "old_id_number", "record_ref", "content_hash",
	"full_name", "name_key", "birth_year", "birth_date", "sex", "status",
	"permanent_commune", "permanent_province", "household_ref", "version", "updated_at", "data"}

// RawInsertRate is the reference `dancu bench import` compares an import
// with: it reads back what the import wrote and bulk-inserts the same rows
// into a scratch table with no index, no constraint and no history, then
// drops it. It returns the rows inserted and rows per second.
func (d *Bench) RawInsertRate(ctx context.Context) (int, float64, error) {
	rows, err := rawRows(ctx, d.sql)
	if err != nil {
		return 0, 0, err
	}
	rate, err := rawInsert(ctx, d.sql, d.dialect.name, rows)
	return len(rows), rate, err
}

// rawRows reads back what an import wrote, as raw reference rows.
func rawRows(ctx context.Context, db *sql.DB) ([][]any, error) {
	rows, err := db.QueryContext(ctx, `SELECT c.id, c.id_number, c.old_id_number, c.record_ref, c.content_hash,
		c.full_name, c.name_key, c.birth_year, c.birth_date, c.sex, c.status,
		c.permanent_commune, c.permanent_province, c.household_ref, c.version, CAST(c.updated_at AS TEXT), CAST(v.data AS TEXT)
		FROM citizens c JOIN citizen_versions v ON v.citizen_id = c.id AND v.version = c.version`)
	if err != nil {
		return nil, fmt.Errorf("read rows for the raw reference: %w", err)
	}
	defer rows.Close()
	var out [][]any
	for rows.Next() {
		vals := make([]any, len(rawColumns))
		ptrs := make([]any, len(rawColumns))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok {
				vals[i] = string(b)
			}
		}
		out = append(out, vals)
	}
	return out, rows.Err()
}

const rawTable = `CREATE TABLE raw_citizens (id TEXT, id_number TEXT, old_id_number TEXT, record_ref TEXT, content_hash BIGINT,
	full_name TEXT, name_key TEXT, birth_year INTEGER, birth_date TEXT, sex TEXT, status TEXT,
	permanent_commune TEXT, permanent_province TEXT, household_ref TEXT, version INTEGER, updated_at TEXT, data TEXT)`

// rawInsert bulk-inserts rows with no validation: on SQLite one prepared
// single-row INSERT in one transaction, on PostgreSQL COPY. It returns
// rows per second.
func rawInsert(ctx context.Context, db *sql.DB, engine string, rows [][]any) (float64, error) {
	if _, err := db.ExecContext(ctx, `DROP TABLE IF EXISTS raw_citizens`); err != nil {
		return 0, err
	}
	if _, err := db.ExecContext(ctx, rawTable); err != nil {
		return 0, err
	}
	start := time.Now()
	var err error
	if engine == "postgres" {
		err = rawCopy(ctx, db, rows)
	} else {
		err = rawPrepared(ctx, db, rows)
	}
	if err != nil {
		return 0, fmt.Errorf("raw insert: %w", err)
	}
	rate := float64(len(rows)) / time.Since(start).Seconds()
	_, err = db.ExecContext(ctx, `DROP TABLE raw_citizens`)
	return rate, err
}

func rawPrepared(ctx context.Context, db *sql.DB, rows [][]any) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	ph := make([]string, len(rawColumns))
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	stmt, err := tx.PrepareContext(ctx, `INSERT INTO raw_citizens (`+strings.Join(rawColumns, ", ")+`) VALUES (`+strings.Join(ph, ", ")+`)`)
	if err != nil {
		return err
	}
	for _, r := range rows {
		if _, err := stmt.ExecContext(ctx, r...); err != nil {
			return err
		}
	}
	return tx.Commit()
}

func rawCopy(ctx context.Context, db *sql.DB, rows [][]any) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"raw_citizens"}, rawColumns, pgx.CopyFromRows(rows))
		return err
	})
}
