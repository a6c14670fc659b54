package sqlstore

import (
	"context"
	"database/sql"
	"strings"
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

// refreshFindings re-checks, inside tx, everything a change from prev
// (nil for a new record) to next touches: next's record rules, next as a
// child, next's children, the households and the numbers of both states.
func (d *DB) refreshFindings(ctx context.Context, tx queryer, prev, next *registry.Citizen) error {
	e := d.qualityEngine()
	var k touched
	k.add(prev)
	k.add(next)
	if _, err := tx.ExecContext(ctx, `DELETE FROM quality_findings WHERE citizen_id = $1 AND scope = 'record'`, next.ID); err != nil {
		return normalize(err, "refresh quality findings")
	}
	if err := d.insertFindings(ctx, tx, e.Record(next)); err != nil {
		return err
	}
	return d.refreshGroups(ctx, tx, e, &k)
}

// touched collects the cross-record groups a set of changes touches, each
// once.
type touched struct {
	ids, parentNumbers, households, numbers, olds []string
	seen                                          map[string]bool
}

func (k *touched) put(list *[]string, kind, v string) {
	if v == "" {
		return
	}
	if k.seen == nil {
		k.seen = map[string]bool{}
	}
	if key := kind + "\x00" + v; !k.seen[key] {
		k.seen[key] = true
		*list = append(*list, v)
	}
}

func (k *touched) add(c *registry.Citizen) {
	if c == nil {
		return
	}
	k.put(&k.ids, "id", c.ID)
	k.put(&k.parentNumbers, "parent", c.IDNumber)
	k.put(&k.households, "household", c.HouseholdRef)
	k.put(&k.numbers, "number", c.IDNumber)
	for _, n := range c.CancelledIDNumbers {
		k.put(&k.numbers, "number", n)
	}
	k.put(&k.olds, "old", c.OldIDNumber)
}

// refreshGroups replaces the cross-record findings of the touched groups.
func (d *DB) refreshGroups(ctx context.Context, tx queryer, e *quality.Engine, k *touched) error {
	var out []quality.Finding
	children := append([]string(nil), k.ids...)
	for start := 0; start < len(k.parentNumbers); start += 400 {
		ids, err := d.childrenOf(ctx, tx, k.parentNumbers[start:min(start+400, len(k.parentNumbers))])
		if err != nil {
			return err
		}
		for _, id := range ids {
			k.put(&children, "child", id)
		}
	}
	for _, id := range children {
		fs, err := d.parentFindings(ctx, tx, e, id)
		if err != nil {
			return err
		}
		out = append(out, fs...)
	}
	for _, ref := range k.households {
		fs, err := d.groupFindings(ctx, tx, "household", ref, `c.household_ref = $1`, func(ps []quality.Person) []quality.Finding { return e.Household(ref, ps) })
		if err != nil {
			return err
		}
		out = append(out, fs...)
	}
	for _, n := range k.numbers {
		fs, err := d.groupFindings(ctx, tx, "number", n, `c.id_number = $1 OR c.id IN (SELECT citizen_id FROM cancelled_id_numbers WHERE number = $1)`,
			func(ps []quality.Person) []quality.Finding { return e.SameNumber(n, ps) })
		if err != nil {
			return err
		}
		out = append(out, fs...)
	}
	for _, n := range k.olds {
		fs, err := d.groupFindings(ctx, tx, "number", n, `c.old_id_number = $1`,
			func(ps []quality.Person) []quality.Finding { return e.SameOldNumber(n, ps) })
		if err != nil {
			return err
		}
		out = append(out, fs...)
	}
	return d.insertFindings(ctx, tx, out)
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
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return nil, apperr.Wrap(err, "quality: load records")
		}
		c, err := decodeCitizen(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, quality.PersonOf(&c))
	}
	return out, rows.Err()
}

// groupFindings replaces the findings of one group (scope, subject).
func (d *DB) groupFindings(ctx context.Context, q queryer, scope, subject, where string, check func([]quality.Person) []quality.Finding) ([]quality.Finding, error) {
	// "subject <> ''" repeats the partial index's condition: SQLite uses a
	// partial index only when the query implies its WHERE, and it cannot
	// infer that from "subject = $2". Without it every group's refresh
	// scanned all findings (a 10k-row batch into a 1M register: 183 rows/s).
	if _, err := q.ExecContext(ctx, `DELETE FROM quality_findings WHERE scope = $1 AND subject = $2 AND subject <> ''`, scope, subject); err != nil {
		return nil, normalize(err, "refresh quality findings")
	}
	ps, err := d.loadPersons(ctx, q, where, subject)
	if err != nil {
		return nil, err
	}
	return check(ps), nil
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

// parentFindings replaces the parent findings of one child.
func (d *DB) parentFindings(ctx context.Context, q queryer, e *quality.Engine, childID string) ([]quality.Finding, error) {
	if _, err := q.ExecContext(ctx, `DELETE FROM quality_findings WHERE citizen_id = $1 AND scope = 'parents'`, childID); err != nil {
		return nil, normalize(err, "refresh quality findings")
	}
	kids, err := d.loadPersons(ctx, q, `c.id = $1`, childID)
	if err != nil || len(kids) == 0 {
		return nil, err
	}
	child := &kids[0]
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
	father, err := parent(child.FatherNumber)
	if err != nil {
		return nil, err
	}
	mother, err := parent(child.MotherNumber)
	if err != nil {
		return nil, err
	}
	return e.Parents(child, father, mother), nil
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
// cross-record rules from in-memory indexes at the end).
func (d *DB) ScanQuality(ctx context.Context) (ScanResult, error) {
	start := time.Now()
	res := ScanResult{ByCode: map[string]int{}}
	var all []quality.Finding
	s := d.qualityEngine().NewScanner(func(fs []quality.Finding) error {
		all = append(all, fs...)
		return nil
	})
	err := d.ForEachCitizen(ctx, func(c registry.Citizen) error { return s.Add(&c) })
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
		return d.insertFindings(ctx, tx, all)
	})
	if err != nil {
		return res, err
	}
	for _, f := range all {
		res.ByCode[f.Code]++
	}
	res.Findings = len(all)
	res.Elapsed = time.Since(start)
	return res, nil
}

// batchQuality checks an import batch's rows. Into an empty register the
// batch is the whole register, so one in-memory Scanner covers every rule
// and only the findings are written; the scanner runs in its own goroutine
// so the writer does not wait for it. Otherwise each row's record rules
// run as it is inserted, and at commit the cross-record groups the batch
// touches (households, numbers, parents and children) are re-checked
// once each against the register.
type batchQuality struct {
	d        *DB
	e        *quality.Engine
	scan     *quality.Scanner
	recs     chan []registry.NewRecord
	done     chan error
	findings []quality.Finding
	groups   touched
}

func (b *batchQuality) start(d *DB, empty bool) {
	b.d, b.e = d, d.qualityEngine()
	if !empty {
		return
	}
	b.scan = b.e.NewScanner(func(fs []quality.Finding) error {
		b.findings = append(b.findings, fs...)
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
		if err == nil {
			err = b.scan.Finish()
		}
		b.done <- err
	}()
}

// add takes rows just inserted; recs is not reused by the caller.
func (b *batchQuality) add(recs []registry.NewRecord) error {
	if b.scan != nil {
		b.recs <- recs
		return nil
	}
	for i := range recs {
		c := &recs[i].Citizen
		b.findings = append(b.findings, b.e.Record(c)...)
		b.groups.add(c)
	}
	return nil
}

// stop ends the scanner goroutine (a rolled-back batch).
func (b *batchQuality) stop() {
	if b.recs != nil {
		close(b.recs)
		<-b.done
		b.recs = nil
	}
}

// finish writes the batch's findings inside its transaction.
func (b *batchQuality) finish(ctx context.Context, q queryer) error {
	if b.recs != nil {
		close(b.recs)
		err := <-b.done
		b.recs = nil
		if err != nil {
			return err
		}
	}
	if err := b.d.insertFindings(ctx, q, b.findings); err != nil {
		return err
	}
	b.findings = nil
	if b.scan != nil {
		return nil
	}
	return b.d.refreshGroups(ctx, q, b.e, &b.groups)
}
