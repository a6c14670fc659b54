package registry

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/dc01"
	"dancu/internal/units"
)

// RowSource yields import rows; dc01.Reader implements it.
type RowSource interface {
	Read(row *dc01.Row) error
}

// Issue is one line of an import report.
type Issue struct {
	RecordRef string
	Line      int
	Column    string
	Severity  string // "error", "warning" or "conflict"
	Reason    string
}

// ImportOptions control one batch.
type ImportOptions struct {
	Source      string
	Actor       string
	AsOf        time.Time
	SkipInvalid bool // import the valid rows and report the others
	ChunkSize   int
	OnIssue     func(Issue) // called for every error, warning and conflict
	OnProgress  func(rows int)
	// Audit makes the batch's audit entry from its outcome (nil: none);
	// it is written in the batch's own transaction.
	Audit func(BatchInfo) *audit.Entry
	// Failpoint is called after each step (ImportStep*); an error aborts
	// the batch there as a crash would. Tests inject it.
	Failpoint func(step string) error
	// HoldRows is how many rows without an ID number (written at the end
	// of the batch) stay in memory; the rest wait in a temporary file.
	// 0 means 20,000.
	HoldRows int
	// DupRunRows is how many record refs the batch's duplicate check sorts
	// in memory before it writes them as a run to a temporary file; 0
	// means 1,048,576 (16 MB). Tests make it small to merge many runs.
	DupRunRows int
	// SeenFilterBytes bounds each of the two filters that clear rows whose
	// record ref and ID number no earlier row carried (import_dups.go); 0
	// means 32 MB; a negative value means no filter: every row with a ref
	// is held and takes the exact path (tests).
	SeenFilterBytes int

	recordedAt time.Time // the batch's transaction time, set by Import
}

// Importer loads batches of DC01 rows into the register.
type Importer struct {
	Store Store
	Units *units.Catalog
	NewID func() string
	Now   func() time.Time
}

// ErrBatchRejected is returned (wrapped in an Invalid error) when a batch
// has invalid rows and SkipInvalid is off; nothing was written.
var ErrBatchRejected = errors.New("batch rejected")

// converted is one row after stage one, ready for the writer.
type converted struct {
	Converted
	line int
	data []byte
	// suspect: an earlier row may have carried the row's record ref or
	// ID number; the row is held until the file is read (import_dups.go).
	suspect bool
	invalid bool // held with errors of its own (only a repeated ref is left to report)
}

// Import streams src into the register as one all-or-nothing batch.
// Parsing and validation run in one goroutine and the database writes in
// another, so a 2-core machine keeps both busy.
func (im *Importer) Import(ctx context.Context, src RowSource, opts ImportOptions) (BatchInfo, error) {
	if opts.ChunkSize <= 0 {
		opts.ChunkSize = 2000
	}
	if opts.AsOf.IsZero() {
		opts.AsOf = im.Now()
	}
	if opts.OnIssue == nil {
		opts.OnIssue = func(Issue) {}
	}
	// To the microsecond: what both engines keep of an instant, so the
	// record's updated_at and its version's recorded_at are the same value.
	opts.recordedAt = im.Now().UTC().Truncate(time.Microsecond)
	info := BatchInfo{Source: opts.Source, Actor: opts.Actor, AsOf: opts.AsOf, StartedAt: opts.recordedAt}
	tx, err := im.Store.BeginImport(ctx, info)
	if err != nil {
		return info, err
	}
	info.ID = tx.BatchID()
	refs := newRefRuns(opts.DupRunRows)
	defer refs.close()
	w := &batchWriter{im: im, tx: tx, opts: opts, info: &info, refs: refs}
	defer w.needNumber.close()
	defer w.suspects.close()
	fail := opts.Failpoint
	if fail == nil {
		fail = func(string) error { return nil }
	}

	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	chunks := make(chan []converted, 4)
	readErr := make(chan error, 1)
	go func() {
		defer close(chunks)
		readErr <- im.readChunks(ctx, src, opts, refs, chunks)
	}()
	writeErr := fail(ImportStepBegun)
	for chunk := range chunks {
		if writeErr != nil {
			continue // drain so the reader can finish and report its error
		}
		writeErr = w.writeChunk(ctx, chunk)
	}
	if err := <-readErr; err != nil && writeErr == nil {
		writeErr = err
	}
	if writeErr == nil {
		writeErr = w.finish(ctx)
	}
	if writeErr == nil && info.Stats.Invalid > 0 && !opts.SkipInvalid {
		writeErr = &apperr.Error{Code: apperr.Invalid, Err: ErrBatchRejected,
			Message: fmt.Sprintf("batch rejected: %d of %d rows are invalid; nothing was imported (fix them, or use --skip-invalid to import the valid rows)", info.Stats.Invalid, info.Stats.Rows)}
	}
	if writeErr == nil {
		writeErr = fail(ImportStepWritten)
	}
	var entry *audit.Entry
	if writeErr == nil && opts.Audit != nil {
		info.Status = "committed"
		if entry = opts.Audit(info); entry != nil {
			e := entry.Normalize()
			if writeErr = e.Validate(); writeErr == nil {
				entry = &e
			}
		}
	}
	if writeErr != nil {
		rbErr := tx.Rollback(context.WithoutCancel(ctx))
		info.ID, info.Status = tx.BatchID(), "rolled_back"
		if rbErr != nil {
			return info, errors.Join(writeErr, rbErr)
		}
		return info, writeErr
	}
	info.Status = "committed"
	if err := tx.Commit(ctx, BatchOutcome{Stats: info.Stats, Audit: entry, Failpoint: opts.Failpoint}); err != nil {
		info.ID, info.Status = tx.BatchID(), "failed"
		return info, err
	}
	// Committed: a crash from here on loses nothing the batch recorded.
	return info, fail(ImportStepCommitted)
}

// readChunks is stage one: parse, validate, fingerprint and encode rows.
// It writes every record ref to refs and marks the rows whose ref or
// number an earlier row may have carried (import_dups.go).
func (im *Importer) readChunks(ctx context.Context, src RowSource, opts ImportOptions, refs *refRuns, out chan<- []converted) error {
	cv := &Converter{Units: im.Units, AsOf: opts.AsOf}
	refSeen, numSeen := newSeenFilter(opts.SeenFilterBytes), newSeenFilter(opts.SeenFilterBytes)
	var row dc01.Row
	chunk := make([]converted, 0, opts.ChunkSize)
	for {
		err := src.Read(&row)
		if err == io.EOF {
			break
		}
		if err != nil {
			return apperr.New(apperr.Invalid, "%s: %v", opts.Source, err)
		}
		c := converted{Converted: cv.Convert(&row), line: row.Line}
		if ref := row.RecordRef(); ref != "" {
			key := fingerprint(ref)
			if err := refs.add(key, row.Line, len(c.Errors) > 0); err != nil {
				return err
			}
			c.suspect = refSeen.testAndAdd(key)
		}
		// Only a valid row's number counts: an invalid row is never
		// compared with.
		if n := c.Citizen.IDNumber; n != "" && len(c.Errors) == 0 && numSeen.testAndAdd(fingerprint(n)) {
			c.suspect = true
		}
		if len(c.Errors) == 0 {
			c.Citizen.ID = im.NewID()
			c.Citizen.Version = 1
			c.Citizen.UpdatedAt = opts.recordedAt
			if c.Citizen.IDNumber != "" {
				c.data = mustJSON(&c.Citizen)
			}
		}
		chunk = append(chunk, c)
		if len(chunk) == opts.ChunkSize {
			select {
			case out <- chunk:
			case <-ctx.Done():
				return ctx.Err()
			}
			chunk = make([]converted, 0, opts.ChunkSize)
		}
	}
	if len(chunk) > 0 {
		select {
		case out <- chunk:
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return nil
}

func mustJSON(c *Citizen) []byte {
	b, err := marshalCitizen(c) // by pointer: a copy of the record escaped to the heap, a million times an import
	if err != nil {
		panic("registry: citizen does not marshal: " + err.Error())
	}
	return b
}
