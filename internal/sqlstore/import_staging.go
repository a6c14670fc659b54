package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"dancu/internal/registry"
)

// On PostgreSQL an import batch streams its rows with binary COPY. A row
// whose relatives' rids the batch already knows (recentNumbers: a
// household's members come together in a file) goes straight into
// citizens, links and all. The others go into a temporary staging table:
// no index, no constraint, no WAL (temporary tables are not logged). At
// commit they move into citizens with one set-based INSERT … SELECT
// (issue 14), which resolves their links with hash joins on the staging
// table and index probes on citizens, instead of the row-by-row UPDATE of
// linkBatch. Before rows went straight in, every row took the staging hop
// and the move carried the whole batch (10–12 s of a 1M import, alone on
// the server while dancu waited; 2.9 s for the quarter of the rows it
// carries now, statement log). Version rows need no join: they go straight
// into citizen_versions by binary COPY as their chunk arrives (no foreign
// key ties them to citizens). The move runs once, at commit: the batch's
// look-ups of its own numbers read citizens and the staging table
// (numberLookups). Nothing here is a domain rule: rows arrive validated
// and classified.

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
	rows   int // rows staged and not yet moved
	direct int // rows written straight into citizens, their links resolved
	recent recentNumbers
}

// recentNumbers remembers the rids of the batch's last numbers, at most
// recentCap of them. A file lists a household's members together, so the
// relatives a row names are nearly always among the last rows written:
// with the chunk's own numbers and the last few thousand remembered, 95 %
// of the benchmark's 1M rows have every link resolved when they arrive
// (the move carried 46,836 rows, auto_explain; most are rows drawn a
// number at the end of the batch, far from their relatives). Those rows
// skip the staging table: they go straight into citizens, links and all,
// and the move at commit carries only the rest. The memory is fixed,
// whatever the file's size.
type recentNumbers struct {
	rid  map[string]int64
	ring []string
	next int
}

const recentCap = 8192

func (r *recentNumbers) put(number string, rid int64) {
	if r.rid == nil {
		r.rid, r.ring = make(map[string]int64, recentCap), make([]string, recentCap)
	}
	if old := r.ring[r.next]; old != "" {
		delete(r.rid, old)
	}
	r.ring[r.next] = number
	r.rid[number] = rid
	r.next = (r.next + 1) % recentCap
}

// withLinks appends to a projection row laid out as stagingColumns the
// batch and the link rids (nil for a relative it names no number of), as
// directColumns, or reports false, the row unchanged, when a number it
// names is neither among the recent ones nor in found: that relative may
// come later in the batch, be in the register already, or nowhere, which
// the move decides. It appends in place when the row has the room (rowArgs
// gives it).
func (r *recentNumbers) withLinks(row []any, batchID int64, found map[string]int64) ([]any, bool) {
	out := append(row, batchID)
	for i := range relativeColumns {
		num, ok := row[relativeAt[i]].(string)
		if !ok {
			out = append(out, nil) // NULL: no 12-digit number to link by
			continue
		}
		rid, ok := r.rid[num]
		if !ok {
			if rid, ok = found[num]; !ok {
				return row, false
			}
		}
		out = append(out, rid)
	}
	return out, true
}

// lookUpRelatives finds the rids of the numbers rows name that are not
// among the recent ones, in citizens and in the staging table, once both
// have their number index (after the batch's first look-up by number; a
// bulk load into an empty register drops citizens' until then). A number
// found is final: numbers are unique across both, and the holder's rid
// does not change when a staged row moves. It is for the rows drawn a
// number at the end of a batch, whose relatives were written long before:
// they were most of the 4.7 % of the rows the move carried (1.9 s of a 1M
// import, statement log), and now go straight into citizens too.
func (t *importTx) lookUpRelatives(ctx context.Context, rows [][]any) (map[string]int64, error) {
	if !t.stagedIndexed || t.numberIndex != "" {
		return nil, nil
	}
	var missing []string
	for _, row := range rows {
		for i := range relativeColumns {
			if num, ok := row[relativeAt[i]].(string); ok {
				if _, ok := t.staged.recent.rid[num]; !ok {
					missing = append(missing, num)
				}
			}
		}
	}
	if len(missing) == 0 {
		return nil, nil
	}
	q, err := t.conn.QueryContext(ctx, `SELECT id_number, rid FROM citizens WHERE id_number = ANY($1)
		UNION ALL SELECT id_number, rid FROM import_staging WHERE id_number = ANY($1)`, missing)
	if err != nil {
		return nil, normalize(err, "import: look up relatives")
	}
	defer q.Close()
	found := make(map[string]int64, len(missing))
	for q.Next() {
		var num string
		var rid int64
		if err := q.Scan(&num, &rid); err != nil {
			return nil, normalize(err, "import: look up relatives")
		}
		found[num] = rid
	}
	return found, normalize(q.Err(), "import: look up relatives")
}

// relativeAt is each relative's number column's place in a staged row.
var relativeAt = func() (at [len(relativeColumns)]int) {
	for i, col := range relativeColumns {
		at[i] = -1
		for k, c := range stagingColumns {
			if c == col {
				at[i] = k
			}
		}
		if at[i] < 0 {
			panic("sqlstore: staged rows have no column " + col)
		}
	}
	return at
}()

// directColumns are a row written straight into citizens: the staged
// columns, the batch, then the links.
var directColumns = append(append(append([]string{}, stagingColumns...), "batch_id"), linkIDColumns[:]...)

// stage writes a chunk: its version rows into citizen_versions; each
// projection row (laid out as stagingColumns, with rids[i] its rid)
// straight into citizens when every relative it names is among the recent
// numbers, else into the staging table for the move.
func (t *importTx) stage(ctx context.Context, recs []registry.NewRecord, rids []int64, rows, versions [][]any) error {
	t.putRecent(recs, rids)
	found, err := t.lookUpRelatives(ctx, rows)
	if err != nil {
		return err
	}
	direct, staged := t.split(rows, found)
	if len(direct) > 0 {
		if err := t.copyRows(ctx, "citizens", directColumns, direct); err != nil {
			return normalize(err, "import: copy rows")
		}
	}
	if len(staged) > 0 {
		if err := t.copyRows(ctx, "import_staging", stagingColumns, staged); err != nil {
			return normalize(err, "import: copy rows")
		}
	}
	return normalize(t.copyRows(ctx, "citizen_versions", versionColumns, versions), "import: copy versions")
}

// putRecent remembers the chunk's own numbers first: a row may name a
// relative later in the chunk, or itself as the head of its household.
func (t *importTx) putRecent(recs []registry.NewRecord, rids []int64) {
	for i := range recs {
		if n := recs[i].Citizen.IDNumber; n != "" {
			t.staged.recent.put(n, rids[i])
		}
	}
}

// split sorts a chunk's projection rows into those written straight into
// citizens, with their batch and links appended, and those staged, and
// counts them.
func (t *importTx) split(rows [][]any, found map[string]int64) (direct, staged [][]any) {
	direct = make([][]any, 0, len(rows))
	for _, row := range rows {
		if linked, ok := t.staged.recent.withLinks(row, t.batchID, found); ok {
			direct = append(direct, linked)
			continue
		}
		staged = append(staged, row)
	}
	t.staged.direct += len(direct)
	t.staged.rows += len(staged)
	return direct, staged
}

// needsLookUps reports whether a chunk's links may need the database:
// once citizens' number index and the staging table's are built (the
// batch's first look-up by number), lookUpRelatives runs for every chunk.
func (t *importTx) needsLookUps() bool { return t.stagedIndexed && t.numberIndex == "" }

// chunkCopies are a chunk's COPYs laid out ahead (layOut).
type chunkCopies []encodedCopy

// layOut does the part of stage that needs no database, ahead, in the
// writer's goroutine while the chunk before is being written: remember the
// chunk's numbers, resolve its links from them, and encode its COPYs into
// one of two sets of buffers (the other is the chunk in flight's). On a
// quiet machine the server's COPY work is the stream's critical path, and
// this work sat on it: ~6 ms a chunk between the rids and the first COPY,
// ~2 ms between the two COPYs (statement log of a 1M import). Rows that
// need a look-up (after the batch's first one) take stage instead.
func (t *importTx) layOut(recs []registry.NewRecord, rids []int64, rows, versions [][]any) chunkCopies {
	t.putRecent(recs, rids)
	direct, staged := t.split(rows, nil)
	bufs := &t.layoutBufs[t.layoutNext]
	t.layoutNext = 1 - t.layoutNext
	var out chunkCopies
	if len(direct) > 0 {
		e := t.encodeCopy(bufs[0], "citizens", directColumns, direct)
		bufs[0] = e.buf
		out = append(out, e)
	}
	if len(staged) > 0 {
		e := t.encodeCopy(bufs[1], "import_staging", stagingColumns, staged)
		bufs[1] = e.buf
		out = append(out, e)
	}
	e := t.encodeCopy(bufs[2], "citizen_versions", versionColumns, versions)
	bufs[2] = e.buf
	return append(out, e)
}

// sendCopies runs a chunk's COPYs laid out by layOut.
func (t *importTx) sendCopies(ctx context.Context, cs chunkCopies) error {
	for _, c := range cs {
		if err := t.send(ctx, c); err != nil {
			if c.table == "citizen_versions" {
				return normalize(err, "import: copy versions")
			}
			return normalize(err, "import: copy rows")
		}
	}
	return nil
}

// moveStaged inserts the staged rows into the register and empties the
// staging table, once, at commit: the move links the rows to relatives of
// the batch, which must all be staged by then.
func (t *importTx) moveStaged(ctx context.Context) error {
	if t.staged.rows == 0 {
		return nil
	}
	// The move looks relatives up in citizens by number when rows went
	// straight in: a bulk load may have dropped that index.
	if t.staged.direct > 0 {
		if err := t.needNumberIndex(ctx); err != nil {
			return normalize(err, "import: move the staged rows")
		}
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
	// Rows written straight into citizens may be the relatives of staged
	// ones: the move then looks the register up too.
	if _, err := t.conn.ExecContext(ctx, moveCitizensSQL(t.empty && t.staged.direct == 0), t.batchID); err != nil {
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
// relative's number held by a staged row of the batch or, unless only the
// staging table can hold it (an empty register, no row written straight
// into citizens), by a row of citizens: an older citizen or a row of the
// batch written straight in (numbers are unique across all of them, which
// the unique index checks as the rows go in, or when a batch into an empty
// register rebuilds it). citizens is looked up by its number index, one
// probe per number (the move builds the index first): hash joins would
// read the whole register once per relative.
func moveCitizensSQL(stagedOnly bool) string {
	cols := strings.Join(stagingColumns, ", ")
	sel := "s." + strings.Join(stagingColumns, ", s.")
	var links, joins []string
	for i, num := range relativeColumns {
		b := fmt.Sprintf("b%d", i)
		joins = append(joins, fmt.Sprintf("LEFT JOIN import_staging %s ON %s.id_number = s.%s", b, b, num))
		if stagedOnly {
			links = append(links, b+".rid")
			continue
		}
		links = append(links, fmt.Sprintf("COALESCE((SELECT r.rid FROM citizens r WHERE r.id_number = s.%s), %s.rid)", num, b))
	}
	return "INSERT INTO citizens (" + cols + ", batch_id, " + strings.Join(linkIDColumns[:], ", ") + ") SELECT " + sel +
		", $1, " + strings.Join(links, ", ") + " FROM import_staging s " + strings.Join(joins, " ")
}
