package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// importTx is one import batch on a pinned connection. The transaction is
// opened with plain BEGIN so that PostgreSQL's COPY, which needs the pgx
// connection underneath database/sql, runs inside the same transaction.
type importTx struct {
	d       *DB
	conn    *sql.Conn
	batchID int64
	info    registry.BatchInfo // to record the batch again if it is rolled back
	multi   *sql.Stmt          // SQLite: multi-row citizen insert
	multiV  *sql.Stmt          // SQLite: multi-row version insert
	done    bool
	empty   bool       // the register was empty when the batch began
	staged  staging    // PostgreSQL: rows copied to the staging table
	copy    copyWriter // PostgreSQL: the binary COPY stream of a chunk
	rebuild []string   // definitions of indexes to rebuild before commit
	// numberIndex is the definition of the unique index on ID numbers
	// while it is dropped for the bulk load and not yet rebuilt (see
	// needNumberIndex).
	numberIndex string
	quality     batchQuality
	lastRID     int64 // SQLite: the last rid given to a row of the batch
	// stagedIndexed: the staging table has its index on numbers
	// (indexStaged).
	stagedIndexed bool
	ridsSQL       string // PostgreSQL: the statement that takes rids (ridsFor)
	// inflight is the result of the chunk being written in the background
	// (PostgreSQL, insertPipelined), nil when none is; pipeErr is the
	// first such error.
	inflight chan error
	pipeErr  error
	// ridPool holds rids taken from the sequence and not yet given to a
	// row (PostgreSQL, takeRids).
	ridPool []int64
	// layoutBufs are the two sets of COPY buffers layOut alternates
	// between (citizens, staging, versions).
	layoutBufs [2][3][]byte
	layoutNext int
}

// importCitizenColumns is the projection row of an imported citizen: its
// rid, assigned by the batch (so that its version row can name it before
// the projection row is written, see ridsFor), and the batch, which the
// duplicate check after the import selects its records by
// (CitizenIDsOfBatch).
var importCitizenColumns = append(append([]string{"rid"}, citizenColumns...), "batch_id")

var (
	insertImportedCitizenSQL = insertSQL(postgresDialect, "citizens", importCitizenColumns, 1)
	insertImportedVersionSQL = insertSQL(postgresDialect, "citizen_versions", versionColumns, 1)
)

// sqliteRowsPerInsert is how many rows one INSERT statement carries;
// fewer statement executions is most of SQLite's bulk-insert speed.
const sqliteRowsPerInsert = 64

// batchInsertSQL is SQLite's multi-row INSERT of a batch, with OR FAIL: a
// multi-row statement under the default ABORT keeps a statement journal
// so that a failing row can undo the statement's earlier rows, and the
// profile of a 100k import showed writing and freeing that journal at
// ~25 % of the CPU (_subjournalPage, the allocator's free). A batch never
// needs the undo: any error rolls the whole batch back.
func batchInsertSQL(table string, cols []string) string {
	return strings.Replace(insertSQL(sqliteDialect, table, cols, sqliteRowsPerInsert), "INSERT INTO", "INSERT OR FAIL INTO", 1)
}

// BeginImport opens the batch's transaction and records the batch in it.
// Its row becomes visible only with its data, at Commit: a process killed
// mid-batch leaves neither rows nor a batch stuck "running" (the database
// drops the open transaction). Rows a killed batch of an earlier version
// left "running" are marked abandoned here.
func (d *Citizens) BeginImport(ctx context.Context, b registry.BatchInfo) (registry.ImportTx, error) {
	conn, err := d.sql.Conn(ctx)
	if err != nil {
		return nil, apperr.Wrap(err, "import: connect")
	}
	begin := "BEGIN"
	if d.dialect.name == "sqlite" {
		begin = "BEGIN IMMEDIATE" // take the write lock now, not at the first insert
		// A batch holds all its pages dirty until commit; once they exceed
		// the cache SQLite spills them to the WAL and rewrites them. A large
		// cache on the batch's own connection avoids that (1 GiB, released
		// with the connection).
		if _, err := conn.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -sqliteImportCacheKiB)); err != nil {
			conn.Close()
			return nil, apperr.Wrap(err, "import: cache size")
		}
	}
	if _, err := conn.ExecContext(ctx, begin); err != nil {
		conn.Close()
		return nil, apperr.Wrap(err, "import: begin")
	}
	var id int64
	err = conn.QueryRowContext(ctx, `INSERT INTO import_batches (source, actor, as_of, started_at, status) VALUES ($1, $2, $3, $4, 'running') RETURNING id`,
		b.Source, b.Actor, d.dialect.timeArg(b.AsOf), d.dialect.timeArg(b.StartedAt)).Scan(&id)
	if err == nil {
		_, err = conn.ExecContext(ctx, `UPDATE import_batches SET status = 'abandoned', finished_at = $1 WHERE status = 'running' AND id <> $2`,
			d.dialect.timeArg(d.now()), id)
	}
	if err != nil {
		conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		conn.Close()
		return nil, apperr.Wrap(err, "record import batch")
	}
	t := &importTx{d: d.DB, conn: conn, batchID: id, info: b}
	if d.dialect.name == "sqlite" {
		// The batch holds the write lock (BEGIN IMMEDIATE): no other
		// writer takes a rid until it ends.
		err = conn.QueryRowContext(ctx, `SELECT COALESCE(MAX(rid), 0) FROM citizens`).Scan(&t.lastRID)
	}
	if err != nil {
		t.Rollback(ctx)
		return nil, apperr.Wrap(err, "import: read the last rid")
	}
	if t.empty, err = t.registerEmpty(ctx); err == nil && t.empty {
		err = t.dropDeferredIndexes(ctx)
	}
	t.quality.start(d.DB, t.empty)
	if err != nil {
		t.Rollback(ctx)
		return nil, apperr.Wrap(err, "import: prepare bulk load")
	}
	if d.dialect.name == "postgres" {
		if _, err := conn.ExecContext(ctx, createStagingSQL); err != nil {
			t.Rollback(ctx)
			return nil, apperr.Wrap(err, "import: create the staging table")
		}
		if err := t.readCopyTypes(ctx); err != nil {
			t.Rollback(ctx)
			return nil, apperr.Wrap(err, "import: prepare the COPYs")
		}
	}
	if d.dialect.name == "sqlite" {
		if t.multi, err = conn.PrepareContext(ctx, batchInsertSQL("citizens", importCitizenColumns)); err == nil {
			t.multiV, err = conn.PrepareContext(ctx, batchInsertSQL("citizen_versions", versionColumns))
		}
		if err != nil {
			t.Rollback(ctx)
			return nil, apperr.Wrap(err, "import: prepare")
		}
	}
	return t, nil
}

func (t *importTx) BatchID() int64 { return t.batchID }

// StartedEmpty tells the importer that only this batch's own rows can
// match, so it may skip the look-ups it tracks in memory anyway.
func (t *importTx) StartedEmpty() bool { return t.empty }

func (t *importTx) ExistingRefs(ctx context.Context, refs []string) (map[string]registry.RefHit, error) {
	if err := t.settle(); err != nil {
		return nil, err
	}
	hits := map[string]registry.RefHit{}
	if len(refs) == 0 {
		return hits, nil
	}
	rows, err := t.conn.QueryContext(ctx, `SELECT record_ref, id, content_hash FROM citizens WHERE record_ref IN (`+t.d.dialect.params(1, len(refs))+`)`, stringArgs(refs)...)
	if err != nil {
		return nil, apperr.Wrap(err, "import: look up record refs")
	}
	defer rows.Close()
	for rows.Next() {
		var ref string
		var h registry.RefHit
		var hash int64
		if err := rows.Scan(&ref, &h.CitizenID, &hash); err != nil {
			return nil, apperr.Wrap(err, "import: look up record refs")
		}
		h.Hash = uint64(hash)
		hits[ref] = h
	}
	return hits, rows.Err()
}

func (t *importTx) ExistingNumbers(ctx context.Context, numbers []string) (map[string]registry.Citizen, error) {
	if err := t.settle(); err != nil {
		return nil, err
	}
	found := map[string]registry.Citizen{}
	if len(numbers) == 0 {
		return found, nil
	}
	// A number held by a row of this batch must be found too: on SQLite
	// the row is in citizens; on PostgreSQL it is staged, with its version
	// row already in citizen_versions.
	staged, err := t.numberLookups(ctx)
	if err != nil {
		return nil, err
	}
	// Each part of the query names the numbers once. PostgreSQL gets one
	// array parameter instead of IN lists: the unanalyzed staging table is
	// scanned whole for a long IN list, and kept to its index for = ANY
	// (see numbersTakenInto).
	n := len(numbers)
	var args []any
	in := func() string {
		if t.d.dialect.name == "postgres" {
			args = []any{numbers}
			return "= ANY($1)"
		}
		list := "IN (" + t.d.dialect.params(len(args)+1, n) + ")"
		args = append(args, stringArgs(numbers)...)
		return list
	}
	query := `SELECT c.id_number, ` + versionRecordColumns + versionsOfCitizen + `AND v.version = c.version
		WHERE c.id_number ` + in() + `
		UNION ALL SELECT x.number, ` + versionRecordColumns + ` FROM cancelled_id_numbers x JOIN citizens c ON c.id = x.citizen_id
		JOIN citizen_versions v ON v.citizen_rid = c.rid AND v.version = c.version WHERE x.number ` + in()
	if staged {
		query += ` UNION ALL SELECT s.id_number, v.data, s.id, v.version, v.recorded_at FROM import_staging s
		JOIN citizen_versions v ON v.citizen_rid = s.rid AND v.version = s.version WHERE s.id_number ` + in()
	}
	rows, err := t.conn.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "import: look up ID numbers")
	}
	defer rows.Close()
	for rows.Next() {
		var num string
		var r versionRecord
		if err := rows.Scan(append([]any{&num}, r.dest()...)...); err != nil {
			return nil, apperr.Wrap(err, "import: look up ID numbers")
		}
		c, err := r.citizen()
		if err != nil {
			return nil, err
		}
		found[num] = c
	}
	return found, rows.Err()
}

func (t *importTx) AssignNumbers(ctx context.Context, blocks []string) ([]string, error) {
	if err := t.settle(); err != nil {
		return nil, err
	}
	// The numbers the draw must skip are in the register or carried by the
	// batch's rows (staged, on PostgreSQL). Numbers drawn earlier never
	// come back (the block's counter only advances).
	staged, err := t.numberLookups(ctx)
	if err != nil {
		return nil, err
	}
	return t.d.assignNumbers(ctx, t.conn, blocks, staged)
}

// numberLookups prepares the batch's look-ups by number and says whether
// they must also read the staging table. On SQLite the batch's rows are in
// citizens, whose number index a bulk load may have dropped: it is built
// first. On PostgreSQL the rows are in citizens too when their links were
// resolved as they came (see recentNumbers), so the same holds for them;
// the rest wait in the staging table until the move at commit (moving them
// earlier would move the batch in pieces, and a later piece re-links all
// of it): the staging table's numbers are indexed instead, once.
func (t *importTx) numberLookups(ctx context.Context) (staged bool, err error) {
	if t.d.dialect.name != "postgres" {
		return false, t.needNumberIndex(ctx)
	}
	if t.staged.direct > 0 {
		if err := t.needNumberIndex(ctx); err != nil {
			return true, err
		}
	}
	return true, t.indexStaged(ctx)
}

// indexStaged indexes the staging table's numbers once, at the batch's
// first look-up by number: by then the rows with a number are staged (the
// rows the look-ups are for come after the last row of the file).
func (t *importTx) indexStaged(ctx context.Context) error {
	if t.stagedIndexed {
		return nil
	}
	if _, err := t.conn.ExecContext(ctx, `CREATE INDEX import_staging_number ON import_staging (id_number)`); err != nil {
		return normalize(err, "import: index the staged numbers")
	}
	t.stagedIndexed = true
	return nil
}

func (t *importTx) Insert(ctx context.Context, recs []registry.NewRecord, meta registry.ChangeMeta) error {
	if len(recs) == 0 {
		return nil
	}
	if t.d.dialect.name == "postgres" {
		return t.insertPipelined(ctx, recs, meta)
	}
	rids, err := t.ridsFor(ctx, len(recs))
	if err != nil {
		return err
	}
	cit, ver, err := t.rowArgs(recs, meta)
	if err != nil {
		return err
	}
	for i := range recs {
		cit[i][0], ver[i][0] = rids[i], rids[i]
		cit[i] = append(cit[i], t.batchID) // on PostgreSQL stage or the move name it
	}
	if err := t.quality.add(ctx, t.conn, recs); err != nil {
		return err
	}
	if err := t.insertRows(ctx, t.multi, insertImportedCitizenSQL, cit); err != nil {
		return normalize(err, "import: insert citizens")
	}
	return normalize(t.insertRows(ctx, t.multiV, insertImportedVersionSQL, ver), "import: insert versions")
}

// rowArgs lays out recs as projection rows (importCitizenColumns without
// the batch) and version rows (versionColumns), the rid of each left
// for the caller to set (index 0 of both).
func (t *importTx) rowArgs(recs []registry.NewRecord, meta registry.ChangeMeta) (cit, ver [][]any, err error) {
	cit = make([][]any, len(recs))
	ver = make([][]any, len(recs))
	for i := range recs {
		c := &recs[i].Citizen
		// The rid first; room for the batch and the links that follow
		// (split, Insert): growing each row for them was 0.4 s of a 1M
		// import (pprof).
		cit[i] = t.d.appendProjectionArgs(append(make([]any, 0, len(directColumns)), nil), c, recs[i].Hash)
		valid := meta.ValidFrom
		if valid.IsZero() {
			valid = c.UpdatedAt
		}
		v, err := t.d.versionArgs(c, c.UpdatedAt, valid, meta, nil, recs[i].Data)
		if err != nil {
			return nil, nil, apperr.Wrap(err, "import: encode")
		}
		ver[i] = v // v[0], the text id, becomes the rid (see versionColumns)
	}
	return cit, ver, nil
}

// A PostgreSQL batch writes a chunk in the background: the caller's
// goroutine lays out the next chunk while the server takes this one. The
// writer had waited for each chunk's COPYs (18–20 s of a 1M import's
// 33 s stream, on a loaded machine) and then spent ~10 s laying out the
// next (row values, quality rules, COPY encoding) while the server idled.
// One chunk is in flight at a time, so memory stays at two chunks. Every
// other use of the connection waits for it first (settle), and its error
// comes back from the next call: the batch is all-or-nothing, so a chunk
// that failed fails the batch whichever call reports it.

// insertPipelined lays the chunk out here and writes it in the background.
func (t *importTx) insertPipelined(ctx context.Context, recs []registry.NewRecord, meta registry.ChangeMeta) error {
	cit, ver, err := t.rowArgs(recs, meta)
	if err != nil {
		return err
	}
	fs := t.quality.collect(recs)
	rids, err := t.takeRids(ctx, len(recs))
	if err != nil {
		return err
	}
	for i := range recs {
		cit[i][0], ver[i][0] = rids[i], rids[i]
	}
	var ahead chunkCopies
	if !t.needsLookUps() {
		ahead = t.layOut(recs, rids, cit, ver)
	}
	if err := t.settle(); err != nil {
		return err
	}
	done := make(chan error, 1)
	t.inflight = done
	go func() { done <- t.writeChunk(ctx, recs, rids, cit, ver, fs, ahead) }()
	return nil
}

// writeChunk writes a chunk laid out by insertPipelined: the findings
// ready so far, then the rows, laid out ahead or staged now.
func (t *importTx) writeChunk(ctx context.Context, recs []registry.NewRecord, rids []int64, cit, ver [][]any, fs []quality.Finding, ahead chunkCopies) error {
	if err := t.d.insertFindings(ctx, t.conn, fs); err != nil {
		return err
	}
	if ahead != nil {
		return t.sendCopies(ctx, ahead)
	}
	return t.stage(ctx, recs, rids, cit, ver)
}

// ridPoolSize is how many rids a PostgreSQL batch takes from the sequence
// at a time: a round trip for every chunk's rids, with the server idle,
// sat on the stream's critical path. Rids a batch takes and leaves unused
// are gaps, as with any sequence.
var ridPoolSize = 16_384 // a variable for tests

// takeRids gives the rids of the next n rows of a PostgreSQL batch from
// its pool, refilled from the sequence when short (the connection is
// free then: the chunk in flight is waited for).
func (t *importTx) takeRids(ctx context.Context, n int) ([]int64, error) {
	if len(t.ridPool) < n {
		if err := t.settle(); err != nil {
			return nil, err
		}
		more, err := t.ridsFor(ctx, max(n-len(t.ridPool), ridPoolSize))
		if err != nil {
			return nil, err
		}
		t.ridPool = append(t.ridPool, more...)
	}
	rids := t.ridPool[:n:n]
	t.ridPool = t.ridPool[n:]
	return rids, nil
}

// settle waits for the chunk in flight, if any, and gives the first error
// of any chunk: once one failed, the batch can only roll back.
func (t *importTx) settle() error {
	if t.inflight != nil {
		t.pipeErr = <-t.inflight
		t.inflight = nil
	}
	return t.pipeErr
}

// ridsFor gives the rids of the next n rows of the batch. On SQLite the
// batch holds the write lock and counts on from the largest rid; on
// PostgreSQL other writers may take rids meanwhile, so they come from the
// rid sequence, in one round trip per chunk. The sequence is named once a
// batch, as a literal: with pg_get_serial_sequence inside nextval's
// argument the server resolved the name again for every row (5.8 ms of
// server time for a chunk's 2,000 rids against 0.7 ms; the writer waited
// 7.0 s in all for the rids of a 1M import on a loaded machine).
func (t *importTx) ridsFor(ctx context.Context, n int) ([]int64, error) {
	rids := make([]int64, 0, n)
	if t.d.dialect.name == "sqlite" {
		for i := 0; i < n; i++ {
			t.lastRID++
			rids = append(rids, t.lastRID)
		}
		return rids, nil
	}
	if t.ridsSQL == "" {
		var seq string
		if err := t.conn.QueryRowContext(ctx, `SELECT pg_get_serial_sequence('citizens', 'rid')`).Scan(&seq); err != nil {
			return nil, apperr.Wrap(err, "import: name the rid sequence")
		}
		t.ridsSQL = `SELECT nextval(` + quoteLiteral(seq) + `::regclass) FROM generate_series(1, $1)`
	}
	rows, err := t.conn.QueryContext(ctx, t.ridsSQL, n)
	if err != nil {
		return nil, apperr.Wrap(err, "import: take rids")
	}
	defer rows.Close()
	for rows.Next() {
		var rid int64
		if err := rows.Scan(&rid); err != nil {
			return nil, apperr.Wrap(err, "import: take rids")
		}
		rids = append(rids, rid)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "import: take rids")
	}
	if len(rids) != n {
		return nil, fmt.Errorf("import: took %d rids for %d rows", len(rids), n)
	}
	return rids, nil
}

// insertRows writes rows with the multi-row statement, then the rest one
// by one.
func (t *importTx) insertRows(ctx context.Context, multi *sql.Stmt, single string, rows [][]any) error {
	i := 0
	args := make([]any, 0, sqliteRowsPerInsert*len(rows[0]))
	for ; i+sqliteRowsPerInsert <= len(rows); i += sqliteRowsPerInsert {
		args = args[:0]
		for _, r := range rows[i : i+sqliteRowsPerInsert] {
			args = append(args, r...)
		}
		if _, err := multi.ExecContext(ctx, args...); err != nil {
			return err
		}
	}
	for ; i < len(rows); i++ {
		if _, err := t.conn.ExecContext(ctx, single, rows[i]...); err != nil {
			return err
		}
	}
	return nil
}

func (t *importTx) AddConflicts(ctx context.Context, cs []registry.Conflict) error {
	if err := t.settle(); err != nil {
		return err
	}
	for _, c := range cs {
		fields, err := json.Marshal(c.Fields)
		if err != nil {
			return apperr.Wrap(err, "import: encode conflict")
		}
		_, err = t.conn.ExecContext(ctx, `INSERT INTO import_conflicts (batch_id, record_ref, line, citizen_id, id_number, fields, reason) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
			t.batchID, c.RecordRef, c.Line, c.CitizenID, nullable(c.IDNumber), string(fields), c.Reason)
		if err != nil {
			return normalize(err, "import: record conflict")
		}
	}
	return nil
}

func (t *importTx) Commit(ctx context.Context, out registry.BatchOutcome) error {
	if t.done {
		return fmt.Errorf("import: batch already finished")
	}
	t.done = true
	t.closeStmts()
	defer t.release()
	fail := out.Failpoint
	if fail == nil {
		fail = func(string) error { return nil }
	}
	err := t.settle()
	if err != nil {
		t.quality.stop() // finishAround, which ends the scanner, does not run
	} else {
		// The quality scanner's cross-record rules (Go, 1.8 s of a 1M
		// import) run while the server moves the staged rows and rebuilds
		// the indexes (6 s): the move alone, since most rows no longer take
		// it, was 0.1 s, and the commit then waited 1.7 s for the rules
		// (statement log).
		err = t.quality.finishAround(ctx, t.conn, func() error {
			if err := t.moveStaged(ctx); err != nil {
				return err
			}
			if err := t.rebuildIndexes(ctx); err != nil {
				return apperr.Wrap(err, "import")
			}
			return nil
		})
	}
	if err == nil {
		if lerr := t.linkBatch(ctx); lerr != nil {
			err = apperr.Wrap(lerr, "import")
		}
	}
	if err == nil {
		err = t.recordOutcome(ctx, out.Stats)
	}
	if err == nil {
		err = fail(registry.ImportStepRecorded)
	}
	if err == nil && out.Audit != nil {
		err = t.d.appendIntents(ctx, t.conn, func(h audit.Head) (audit.Batch, error) {
			return audit.Batch{Records: audit.Chain(h.Seq, h.Hash, []audit.Entry{*out.Audit})}, nil
		})
	}
	if err == nil {
		err = fail(registry.ImportStepAudited)
	}
	if err == nil {
		if _, cerr := t.conn.ExecContext(ctx, "COMMIT"); cerr != nil {
			err = normalize(cerr, "import: commit")
		}
	}
	if err != nil {
		t.conn.ExecContext(context.WithoutCancel(ctx), "ROLLBACK")
		t.recordAborted(ctx, "failed", out.Stats)
		return err
	}
	t.d.nudgeIntents()
	if out.Stats.Inserted >= refreshStatsAfter {
		t.refreshStatistics(ctx)
	}
	return nil
}

func (t *importTx) Rollback(ctx context.Context) error {
	if t.done {
		return nil
	}
	t.done = true
	t.closeStmts()
	t.settle() // the chunk in flight ends before the rollback; its error is moot
	t.quality.stop()
	defer t.release()
	if _, err := t.conn.ExecContext(ctx, "ROLLBACK"); err != nil {
		return apperr.Wrap(err, "import: rollback")
	}
	return t.recordAborted(ctx, "rolled_back", registry.Stats{})
}

// recordOutcome marks the batch committed, inside its transaction.
func (t *importTx) recordOutcome(ctx context.Context, stats registry.Stats) error {
	b, _ := json.Marshal(stats)
	_, err := t.conn.ExecContext(ctx, `UPDATE import_batches SET status = 'committed', stats = $1, finished_at = $2 WHERE id = $3`,
		string(b), t.d.dialect.timeArg(t.d.now()), t.batchID)
	if err != nil {
		return apperr.Wrap(err, "record batch outcome")
	}
	return nil
}

// recordAborted records a batch whose transaction was rolled back, so the
// batch list still shows the attempt. It keeps the batch's id when it is
// still free (on PostgreSQL always: sequences do not roll back).
func (t *importTx) recordAborted(ctx context.Context, status string, stats registry.Stats) error {
	ctx = context.WithoutCancel(ctx)
	b, _ := json.Marshal(stats)
	d := t.d
	args := []any{t.info.Source, t.info.Actor, d.dialect.timeArg(t.info.AsOf), d.dialect.timeArg(t.info.StartedAt), d.dialect.timeArg(d.now()), status, string(b)}
	res, err := d.sql.ExecContext(ctx, `INSERT INTO import_batches (source, actor, as_of, started_at, finished_at, status, stats, id)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO NOTHING`, append(args, t.batchID)...)
	if err != nil {
		return apperr.Wrap(err, "record batch outcome")
	}
	if n, _ := res.RowsAffected(); n == 1 {
		return nil
	}
	err = d.sql.QueryRowContext(ctx, `INSERT INTO import_batches (source, actor, as_of, started_at, finished_at, status, stats)
		VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`, args...).Scan(&t.batchID)
	if err != nil {
		return apperr.Wrap(err, "record batch outcome")
	}
	return nil
}

// refreshStatsAfter is the batch size after which planner statistics are
// refreshed: a bulk load changes the tables' shape, and plans made on the
// old statistics (or none) can turn an index look-up into a scan.
const refreshStatsAfter = 10_000

// refreshStatistics updates planner statistics after a large batch. The
// batch is already committed, and a failure here only costs plan quality,
// so it is not an import error.
func (t *importTx) refreshStatistics(ctx context.Context) {
	if t.d.dialect.name == "postgres" {
		// citizens only: the version log is read by primary key, and
		// autovacuum analyzes it after a bulk load anyway (the two together
		// were 2 s of a 200k import's 23 s).
		t.conn.ExecContext(ctx, "ANALYZE citizens")
		return
	}
	t.conn.ExecContext(ctx, "PRAGMA optimize")
	// The batch went through the WAL: as large as the data it loaded, and
	// left on disk (SQLite reuses a WAL file rather than shrink it). Copy it
	// into the database now and truncate it, so the register's size on disk
	// is its data. A reader on an older snapshot (the audit intents' mover
	// starts right after the commit) makes the checkpoint report busy: try
	// again a few times, then leave it to the background checkpoints
	// and journal_size_limit.
	for try := 0; try < 3; try++ { // each waits up to busy_timeout
		var busy, logPages, done int
		err := t.conn.QueryRowContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)").Scan(&busy, &logPages, &done)
		if err == nil && busy == 0 {
			return
		}
		time.Sleep(250 * time.Millisecond)
	}
}

// release returns the connection to the pool with the normal cache size.
func (t *importTx) release() {
	if t.d.dialect.name == "sqlite" {
		t.conn.ExecContext(context.Background(), fmt.Sprintf("PRAGMA cache_size = %d", -sqliteCacheKiB))
	}
	t.conn.Close()
}

func (t *importTx) closeStmts() {
	if t.multi != nil {
		t.multi.Close()
	}
	if t.multiV != nil {
		t.multiV.Close()
	}
}

// quoteLiteral writes s as an SQL string literal.
func quoteLiteral(s string) string {
	return "'" + strings.ReplaceAll(s, "'", "''") + "'"
}
