package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"dancu/internal/registry"
)

// On PostgreSQL an import batch streams its rows with binary COPY into a
// temporary staging table: no index, no constraint, no WAL (temporary
// tables are not logged), so the server keeps up with the Go process that
// parses and validates the next chunks on the other core. The staging rows
// then move into citizens and citizen_versions with two set-based
// INSERT … SELECT statements (issue 14), which also resolve the batch's
// links to relatives with hash joins instead of the row-by-row UPDATE of
// linkBatch. The move runs at commit, and earlier only when a statement of
// the batch must see its rows in the register (ExistingNumbers). Nothing
// here is a domain rule: rows arrive validated and classified.

// stagingColumns are a staged row: the projection, then the record.
var stagingColumns = append(citizenColumns[:len(citizenColumns):len(citizenColumns)], "data")

// createStagingSQL makes the batch's staging table. LIKE copies the
// projection's column types; ON COMMIT DROP removes it with the batch, and
// a rollback undoes its creation, so a pooled connection never keeps one.
const createStagingSQL = `CREATE TEMP TABLE import_staging (LIKE citizens) ON COMMIT DROP;
ALTER TABLE import_staging DROP COLUMN batch_id, DROP COLUMN father_id, DROP COLUMN mother_id, DROP COLUMN spouse_id,
	DROP COLUMN representative_id, DROP COLUMN head_id, ADD COLUMN data TEXT NOT NULL`

// staging is the state of a PostgreSQL batch's staging table.
type staging struct {
	rows  int                 // rows staged and not yet moved
	meta  registry.ChangeMeta // the version rows' metadata of the staged rows
	moves int                 // moves done in this batch
}

// stage copies rows (laid out as stagingColumns) into the staging table.
// Rows staged under other metadata are moved first: one move writes one
// actor, reason and valid_from.
func (t *importTx) stage(ctx context.Context, rows [][]any, meta registry.ChangeMeta) error {
	if t.staged.rows > 0 && !sameMeta(t.staged.meta, meta) {
		if err := t.moveStaged(ctx); err != nil {
			return err
		}
	}
	t.staged.meta = meta
	err := t.conn.Raw(func(dc any) error {
		_, err := dc.(*stdlib.Conn).Conn().CopyFrom(ctx, pgx.Identifier{"import_staging"}, stagingColumns, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return normalize(err, "import: copy rows")
	}
	t.staged.rows += len(rows)
	return nil
}

func sameMeta(a, b registry.ChangeMeta) bool {
	return a.Actor == b.Actor && a.Reason == b.Reason && a.ValidFrom.Equal(b.ValidFrom) && a.ValidFrom.IsZero() == b.ValidFrom.IsZero()
}

// moveStaged inserts the staged rows into the register and empties the
// staging table.
func (t *importTx) moveStaged(ctx context.Context) error {
	if t.staged.rows == 0 {
		return nil
	}
	m := t.staged.meta
	// The planner knows nothing of a temporary table until it is analyzed
	// (autovacuum skips them); without statistics it chose sort-merge joins
	// spilling to disk, 4x slower than hash joins (EXPLAIN ANALYZE, 100k).
	for _, q := range []string{`ANALYZE import_staging`, `SET LOCAL work_mem = '256MB'`} {
		if _, err := t.conn.ExecContext(ctx, q); err != nil {
			return normalize(err, "import: plan the move")
		}
	}
	if _, err := t.conn.ExecContext(ctx, moveCitizensSQL(t.empty && t.staged.moves == 0), t.batchID); err != nil {
		return normalize(err, "import: insert citizens")
	}
	// valid_from defaults to the record's own time, as versionArgs does.
	var valid any
	if !m.ValidFrom.IsZero() {
		valid = t.d.dialect.timeArg(m.ValidFrom)
	}
	if _, err := t.conn.ExecContext(ctx, moveVersionsSQL, valid, m.Actor, m.Reason); err != nil {
		return normalize(err, "import: insert versions")
	}
	if _, err := t.conn.ExecContext(ctx, `TRUNCATE import_staging`); err != nil {
		return normalize(err, "import: empty the staging table")
	}
	t.staged.rows = 0
	t.staged.moves++
	return nil
}

// moveCitizensSQL writes the projection rows with their links: a
// relative's number held by a row of the batch or, unless the register was
// empty, by an older citizen (numbers are unique across both, which the
// unique index checks as the rows go in).
func moveCitizensSQL(registerEmpty bool) string {
	cols := strings.Join(citizenColumns, ", ")
	sel := "s." + strings.Join(citizenColumns, ", s.")
	var links, joins []string
	for i, num := range relativeColumns {
		r, b := fmt.Sprintf("r%d", i), fmt.Sprintf("b%d", i)
		joins = append(joins, fmt.Sprintf("LEFT JOIN import_staging %s ON %s.id_number = s.%s", b, b, num))
		if registerEmpty {
			links = append(links, b+".id")
			continue
		}
		links = append(links, fmt.Sprintf("COALESCE(%s.id, %s.id)", r, b))
		joins = append(joins, fmt.Sprintf("LEFT JOIN citizens %s ON %s.id_number = s.%s", r, r, num))
	}
	return "INSERT INTO citizens (" + cols + ", batch_id, " + strings.Join(linkIDColumns[:], ", ") + ") SELECT " + sel +
		", $1, " + strings.Join(links, ", ") + " FROM import_staging s " + strings.Join(joins, " ")
}

// moveVersionsSQL writes each staged row's first version.
const moveVersionsSQL = `INSERT INTO citizen_versions (citizen_id, version, recorded_at, valid_from, actor, reason, data)
	SELECT id, version, updated_at, COALESCE($1::timestamptz, updated_at), $2, $3, data FROM import_staging`
