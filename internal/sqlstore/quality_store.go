package sqlstore

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/gob"
	"errors"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// Data-quality findings (migration 0005). quality_findings holds the
// current findings of every record: a write replaces, in its own
// transaction, the findings it touches; a re-scan replaces them all.

var findingColumns = []string{"citizen_id", "code", "severity", "scope", "subject", "fields",
	"message_vi", "message_en", "record_ref", "commune", "province", "found_at"}

// findingRowsPerInsert keeps a multi-row insert under SQLite's parameter
// limit (32,766) with room to spare.
const findingRowsPerInsert = 200

func (d *DB) qualityEngine() *quality.Engine { return quality.New(d.units, d.now) }

// insertFindings writes findings with multi-row inserts.
func (d *DB) insertFindings(ctx context.Context, q queryer, fs []quality.Finding) error {
	at := d.dialect.timeArg(d.now())
	for start := 0; start < len(fs); start += findingRowsPerInsert {
		part := fs[start:min(start+findingRowsPerInsert, len(fs))]
		args := make([]any, 0, len(part)*len(findingColumns))
		for i := range part {
			f := &part[i]
			args = append(args, f.CitizenID, f.Code, string(f.Severity), string(f.Scope), f.Subject, strings.Join(f.Fields, " "),
				f.MessageVI, f.MessageEN, nullable(f.RecordRef), f.Commune, f.Province, at)
		}
		if _, err := q.ExecContext(ctx, insertSQL(d.dialect, "quality_findings", findingColumns, len(part)), args...); err != nil {
			return normalize(err, "write quality findings")
		}
	}
	return nil
}

// The quality.ChangeStore side: primitives the domain's Refresher calls

// ClearRecordFindings implements quality.ChangeStore.
func (d *Quality) ClearRecordFindings(ctx context.Context, citizenID string) error {
	_, err := d.q(ctx).ExecContext(ctx, `DELETE FROM quality_findings WHERE citizen_id = $1 AND scope = 'record'`, citizenID)
	return normalize(err, "refresh quality findings")
}

// ClearGroupFindings implements quality.ChangeStore.
func (d *Quality) ClearGroupFindings(ctx context.Context, g quality.Group, subject string) error {
	var err error
	switch g {
	case quality.GroupParents:
		_, err = d.q(ctx).ExecContext(ctx, `DELETE FROM quality_findings WHERE citizen_id = $1 AND scope = 'parents'`, subject)
	default:
		// "subject <> ''" repeats the partial index's condition: SQLite uses
		// a partial index only when the query implies its WHERE, and it
		// cannot infer that from "subject = $2". Without it every group's
		// refresh scanned all findings (a 10k-row batch into a 1M register:
		// 183 rows/s).
		_, err = d.q(ctx).ExecContext(ctx, `DELETE FROM quality_findings WHERE scope = $1 AND subject = $2 AND subject <> ''`, groupScope(g), subject)
	}
	return normalize(err, "refresh quality findings")
}

// groupScope is the findings' scope column of a group.
func groupScope(g quality.Group) string {
	if g == quality.GroupOldNumber {
		return "number"
	}
	return string(g)
}

// groupWhere selects a group's members (one $1 argument).
var groupWhere = map[quality.Group]string{
	quality.GroupHousehold: `c.household_ref = $1`,
	quality.GroupNumber:    `c.id_number = $1 OR c.id IN (SELECT citizen_id FROM cancelled_id_numbers WHERE number = $1)`,
	quality.GroupOldNumber: `c.old_id_number = $1`,
}

// GroupMembers implements quality.ChangeStore.
func (d *Quality) GroupMembers(ctx context.Context, g quality.Group, subject string) ([]quality.Person, error) {
	where, ok := groupWhere[g]
	if !ok {
		return nil, apperr.New(apperr.Internal, "quality: no members query for group %q", g)
	}
	return d.loadPersons(ctx, d.q(ctx), where, subject)
}

// ChildWithParents implements quality.ChangeStore.
func (d *Quality) ChildWithParents(ctx context.Context, childID string) (child, father, mother *quality.Person, err error) {
	q := d.q(ctx)
	kids, err := d.loadPersons(ctx, q, `c.id = $1`, childID)
	if err != nil || len(kids) == 0 {
		return nil, nil, nil, err
	}
	parent := func(number string) (*quality.Person, error) {
		if number == "" {
			return nil, nil
		}
		ps, err := d.loadPersons(ctx, q, `c.id_number = $1`, number)
		if err != nil || len(ps) == 0 {
			return nil, err
		}
		return &ps[0], nil
	}
	if father, err = parent(kids[0].FatherNumber); err != nil {
		return nil, nil, nil, err
	}
	if mother, err = parent(kids[0].MotherNumber); err != nil {
		return nil, nil, nil, err
	}
	return &kids[0], father, mother, nil
}

// AddFindings implements quality.ChangeStore.
func (d *Quality) AddFindings(ctx context.Context, fs []quality.Finding) error {
	return d.insertFindings(ctx, d.q(ctx), fs)
}

// ChildrenOf implements quality.ChangeStore.
func (d *Quality) ChildrenOf(ctx context.Context, numbers []string) ([]string, error) {
	return d.childrenOf(ctx, d.q(ctx), numbers)
}

// loadPersons reads the current records matching where (one $1 argument;
// SQLite's ? markers are positional, so $1 is repeated as needed).
func (d *DB) loadPersons(ctx context.Context, q queryer, where string, arg string) ([]quality.Person, error) {
	args := []any{arg}
	if d.dialect.name == "sqlite" {
		args = make([]any, strings.Count(where, "$1"))
		for i := range args {
			args[i] = arg
		}
		where = strings.ReplaceAll(where, "$1", "?")
	}
	rows, err := q.QueryContext(ctx, currentData+`WHERE `+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "quality: load records")
	}
	defer rows.Close()
	var out []quality.Person
	for rows.Next() {
		var r versionRecord
		if err := rows.Scan(r.dest()...); err != nil {
			return nil, apperr.Wrap(err, "quality: load records")
		}
		c, err := r.citizen()
		if err != nil {
			return nil, err
		}
		out = append(out, quality.PersonOf(&c))
	}
	return out, rows.Err()
}

// childrenOf lists the citizens whose father or mother holds one of numbers.
func (d *DB) childrenOf(ctx context.Context, q queryer, numbers []string) ([]string, error) {
	n := len(numbers)
	rows, err := q.QueryContext(ctx, `SELECT id FROM citizens WHERE father_number IN (`+d.dialect.params(1, n)+`)
		UNION SELECT id FROM citizens WHERE mother_number IN (`+d.dialect.params(n+1, n)+`)`, append(stringArgs(numbers), stringArgs(numbers)...)...)
	if err != nil {
		return nil, apperr.Wrap(err, "quality: find children")
	}
	defer rows.Close()
	var ids []string
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "quality: find children")
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// ScanResult is the outcome of a full re-scan.
type ScanResult struct {
	Records  int            `json:"records"`
	Findings int            `json:"findings"`
	ByCode   map[string]int `json:"by_code"`
	Elapsed  time.Duration  `json:"elapsed"`
}

// ScanQuality re-checks every record and replaces all findings in one
// transaction: one pass over the register (record rules as it streams,
// cross-record rules from the scanner's sorted runs at the end). The
// findings wait in a temporary file, not in memory, so that neither the
// scan's memory nor the time it holds the write lock grows with more than
// the findings' insert.
func (d *Quality) ScanQuality(ctx context.Context) (ScanResult, error) {
	start := time.Now()
	res := ScanResult{ByCode: map[string]int{}}
	spool, err := newFindingSpool()
	if err != nil {
		return res, err
	}
	defer spool.close()
	s := d.qualityEngine().NewScanner(spool.add)
	defer s.Close()
	same := func() func(registry.Citizen) (registry.Citizen, bool) {
		return func(c registry.Citizen) (registry.Citizen, bool) { return c, true }
	}
	err = ScanCitizens(ctx, d.DB, 0, same, func(c registry.Citizen) error { return s.Add(&c) })
	if err == nil {
		err = s.Finish()
	}
	if err != nil {
		return res, err
	}
	res.Records = s.Len()
	err = d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM quality_findings`); err != nil {
			return normalize(err, "clear quality findings")
		}
		return spool.each(func(fs []quality.Finding) error {
			for _, f := range fs {
				res.ByCode[f.Code]++
			}
			res.Findings += len(fs)
			return d.insertFindings(ctx, tx, fs)
		})
	})
	if err != nil {
		res.ByCode, res.Findings = map[string]int{}, 0
		return res, err
	}
	res.Elapsed = time.Since(start)
	return res, nil
}

// findingSpool keeps findings in an unlinked temporary file (gob) until
// they are written, a chunk at a time.
type findingSpool struct {
	f   *os.File
	w   *bufio.Writer
	enc *gob.Encoder
	buf []quality.Finding
}

const findingSpoolChunk = 2000

func newFindingSpool() (*findingSpool, error) {
	f, err := os.CreateTemp("", "dancu-findings-*.gob")
	if err != nil {
		return nil, apperr.Wrap(err, "quality: spool findings")
	}
	os.Remove(f.Name())
	w := bufio.NewWriterSize(f, 1<<20)
	return &findingSpool{f: f, w: w, enc: gob.NewEncoder(w)}, nil
}

func (s *findingSpool) add(fs []quality.Finding) error {
	s.buf = append(s.buf, fs...)
	if len(s.buf) < findingSpoolChunk {
		return nil
	}
	return s.flush()
}

func (s *findingSpool) flush() error {
	if len(s.buf) == 0 {
		return nil
	}
	if err := s.enc.Encode(s.buf); err != nil {
		return apperr.Wrap(err, "quality: spool findings")
	}
	s.buf = s.buf[:0]
	return nil
}

// each hands the spooled findings to fn, chunk by chunk.
func (s *findingSpool) each(fn func([]quality.Finding) error) error {
	if err := s.flush(); err != nil {
		return err
	}
	if err := s.w.Flush(); err != nil {
		return apperr.Wrap(err, "quality: spool findings")
	}
	if _, err := s.f.Seek(0, io.SeekStart); err != nil {
		return apperr.Wrap(err, "quality: spool findings")
	}
	dec := gob.NewDecoder(bufio.NewReaderSize(s.f, 1<<20))
	for {
		var fs []quality.Finding
		if err := dec.Decode(&fs); errors.Is(err, io.EOF) {
			return nil
		} else if err != nil {
			return apperr.Wrap(err, "quality: read spooled findings")
		}
		if err := fn(fs); err != nil {
			return err
		}
	}
}

func (s *findingSpool) close() { s.f.Close() }

// batchQuality checks an import batch's rows. Into an empty register the
// batch is the whole register, so one Scanner covers every rule and only
// the findings are written; the scanner's Add runs in its own goroutine so
// the writer does not wait for it, and the writer inserts the findings it
// has produced at each chunk, so they never pile up. Its cross-record rules
// run at commit from its sorted runs (memory does not grow with the
// batch). Otherwise each row's record rules run as it is inserted, and at
// commit the cross-record groups the batch touches (households, numbers,
// parents and children) are re-checked once each against the register.
type batchQuality struct {
	d      *DB
	e      *quality.Engine
	scan   *quality.Scanner
	recs   chan []registry.NewRecord
	done   chan error
	mu     sync.Mutex
	found  []quality.Finding // the scanner's findings not yet written (under mu)
	groups quality.Touched
}

func (b *batchQuality) start(d *DB, empty bool) {
	b.d, b.e = d, d.qualityEngine()
	if !empty {
		return
	}
	b.scan = b.e.NewScanner(func(fs []quality.Finding) error {
		b.mu.Lock()
		b.found = append(b.found, fs...)
		b.mu.Unlock()
		return nil
	})
	b.recs, b.done = make(chan []registry.NewRecord, 8), make(chan error, 1)
	go func() {
		var err error
		for recs := range b.recs {
			for i := range recs {
				if err == nil {
					err = b.scan.Add(&recs[i].Citizen)
				}
			}
		}
		b.done <- err
	}()
}

// add takes rows just inserted (recs is not reused by the caller) and
// writes the findings ready so far.
func (b *batchQuality) add(ctx context.Context, q queryer, recs []registry.NewRecord) error {
	return b.d.insertFindings(ctx, q, b.collect(recs))
}

// collect takes rows about to be inserted (recs is not reused by the
// caller) and gives the findings ready so far, for the caller to write.
func (b *batchQuality) collect(recs []registry.NewRecord) []quality.Finding {
	if b.scan != nil {
		b.recs <- recs
		b.mu.Lock()
		fs := b.found
		b.found = nil
		b.mu.Unlock()
		return fs
	}
	var fs []quality.Finding
	for i := range recs {
		c := &recs[i].Citizen
		fs = append(fs, b.e.Record(c)...)
		b.groups.Add(c)
	}
	return fs
}

// stop ends the scanner goroutine (a rolled-back batch).
func (b *batchQuality) stop() {
	if b.recs != nil {
		close(b.recs)
		<-b.done
		b.recs = nil
	}
	if b.scan != nil {
		b.scan.Close()
	}
}

// finishAround writes the batch's remaining findings inside its
// transaction, running move (the PostgreSQL batch's INSERT … SELECT and
// the index rebuilds, which keep the connection and the server busy for
// seconds) meanwhile: the scanner's cross-record rules are Go work on the
// other core (2–4 s of a 1M import, PostgreSQL statement log), so they
// run while the server moves the rows and builds the indexes instead of
// after. Their findings wait in a small channel
// (the scanner blocks when it is full) until move returns and the
// connection is free; findings reference citizens by id without a
// foreign key, so they may go in after the rows.
func (b *batchQuality) finishAround(ctx context.Context, q queryer, move func() error) error {
	if b.scan == nil {
		if err := move(); err != nil {
			return err
		}
		// The groups' re-check is the domain's; q is the batch's transaction.
		r := quality.Refresher{Engine: b.e, Store: b.d.Quality()}
		return r.RefreshGroups(withTx(ctx, q), &b.groups)
	}
	close(b.recs)
	err := <-b.done
	b.recs = nil
	if err != nil {
		b.scan.Close()
		return err // the batch rolls back: no need to move its rows
	}
	// The scanner's goroutine has ended: b.found is this goroutine's now,
	// and the cross-record findings come from Finish, in its own goroutine.
	// Up to 16 chunks of findings wait (~10 MB): the rules then rarely
	// block before move returns, which takes seconds when it rebuilds the
	// indexes too.
	out, fin := make(chan []quality.Finding, 16), make(chan error, 1)
	go func() {
		var fs []quality.Finding
		b.scan.SetEmit(func(more []quality.Finding) error {
			if fs = append(fs, more...); len(fs) >= findingSpoolChunk {
				out <- fs
				fs = nil
			}
			return nil
		})
		err := b.scan.Finish()
		if err == nil && len(fs) > 0 {
			out <- fs
		}
		close(out)
		fin <- err
	}()
	err = move()
	if err == nil {
		err = b.d.insertFindings(ctx, q, b.found)
	}
	b.found = nil
	for fs := range out { // drained even after an error, so Finish can end
		if err == nil {
			err = b.d.insertFindings(ctx, q, fs)
		}
	}
	if ferr := <-fin; err == nil {
		err = ferr
	}
	return err
}
