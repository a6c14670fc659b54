package sqlstore

import (
	"context"
	"fmt"
	"strings"
)

// On PostgreSQL an import batch streams its rows with binary COPY into a
// temporary staging table: no index, no constraint, no WAL (temporary
// tables are not logged), so the server keeps up with the Go process that
// parses and validates the next chunks on the other core. The staging rows
// then move into citizens with one set-based INSERT … SELECT (issue 14),
// which also resolves the batch's links to relatives with hash joins
// instead of the row-by-row UPDATE of linkBatch. Version rows need no
// join: they go straight into citizen_versions by binary COPY as their
// chunk arrives (no foreign key ties them to citizens), so the server
// writes them while the Go side works on the next chunks instead of in a
// second pass at commit, and the staging table holds no record text. The
// move runs once, at commit: the batch's look-ups of its own numbers read
// the staging table (numberLookups). Nothing here is a domain rule: rows
// arrive validated and classified.

// stagingColumns are a staged row: the projection with the rid the batch
// gave it (its version row names it by that rid).
var stagingColumns = append([]string{"rid"}, citizenColumns...)

// createStagingSQL makes the batch's staging table. LIKE copies the
// projection's column types; ON COMMIT DROP removes it with the batch, and
// a rollback undoes its creation, so a pooled connection never keeps one.
const createStagingSQL = `CREATE TEMP TABLE import_staging (LIKE citizens) ON COMMIT DROP;
ALTER TABLE import_staging DROP COLUMN batch_id, DROP COLUMN father_rid, DROP COLUMN mother_rid, DROP COLUMN spouse_rid,
	DROP COLUMN representative_rid, DROP COLUMN head_rid`

// staging is the state of a PostgreSQL batch's staging table.
type staging struct {
	rows int // rows staged and not yet moved
}

// stage copies a chunk's projection rows (laid out as stagingColumns) into
// the staging table and its version rows into citizen_versions.
func (t *importTx) stage(ctx context.Context, rows, versions [][]any) error {
	if err := t.copyRows(ctx, "import_staging", stagingColumns, rows); err != nil {
		return normalize(err, "import: copy rows")
	}
	t.staged.rows += len(rows)
	return normalize(t.copyRows(ctx, "citizen_versions", versionColumns, versions), "import: copy versions")
}

// moveStaged inserts the staged rows into the register and empties the
// staging table, once, at commit: the move links the rows to relatives of
// the batch, which must all be staged by then.
func (t *importTx) moveStaged(ctx context.Context) error {
	if t.staged.rows == 0 {
		return nil
	}
	// The planner knows nothing of a temporary table until it is analyzed
	// (autovacuum skips them); without statistics it chose sort-merge joins
	// spilling to disk, 4x slower than hash joins (EXPLAIN ANALYZE, 100k).
	// The joins are all on the batch's numbers, so hash joins are right
	// whatever the statistics say: the move asks for them instead of
	// analyzing the staging table (ANALYZE was 0.6 of the move's 4.5 s,
	// 200k rows).
	for _, q := range []string{`SET LOCAL enable_mergejoin = off`, `SET LOCAL enable_nestloop = off`, `SET LOCAL work_mem = '256MB'`} {
		if _, err := t.conn.ExecContext(ctx, q); err != nil {
			return normalize(err, "import: plan the move")
		}
	}
	if _, err := t.conn.ExecContext(ctx, moveCitizensSQL(t.empty), t.batchID); err != nil {
		return normalize(err, "import: insert citizens")
	}
	for _, q := range []string{`RESET enable_mergejoin`, `RESET enable_nestloop`} {
		if _, err := t.conn.ExecContext(ctx, q); err != nil {
			return normalize(err, "import: plan the move")
		}
	}
	if _, err := t.conn.ExecContext(ctx, `TRUNCATE import_staging`); err != nil {
		return normalize(err, "import: empty the staging table")
	}
	t.staged.rows = 0
	return nil
}

// moveCitizensSQL writes the projection rows with their links: a
// relative's number held by a row of the batch or, unless the register was
// empty, by an older citizen (numbers are unique across both, which the
// unique index checks as the rows go in, or when a batch into an empty
// register rebuilds it).
func moveCitizensSQL(registerEmpty bool) string {
	cols := strings.Join(stagingColumns, ", ")
	sel := "s." + strings.Join(stagingColumns, ", s.")
	var links, joins []string
	for i, num := range relativeColumns {
		r, b := fmt.Sprintf("r%d", i), fmt.Sprintf("b%d", i)
		joins = append(joins, fmt.Sprintf("LEFT JOIN import_staging %s ON %s.id_number = s.%s", b, b, num))
		if registerEmpty {
			links = append(links, b+".rid")
			continue
		}
		links = append(links, fmt.Sprintf("COALESCE(%s.rid, %s.rid)", r, b))
		joins = append(joins, fmt.Sprintf("LEFT JOIN citizens %s ON %s.id_number = s.%s", r, r, num))
	}
	return "INSERT INTO citizens (" + cols + ", batch_id, " + strings.Join(linkIDColumns[:], ", ") + ") SELECT " + sel +
		", $1, " + strings.Join(links, ", ") + " FROM import_staging s " + strings.Join(joins, " ")
}
