package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/mattn/go-isatty"
	"github.com/schollz/progressbar/v3"

	"dancu/internal/audit"
	"dancu/internal/dc01"
	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/wire"
)

type importFlags struct {
	asOf        string
	skipInvalid bool
	report      string
	actor       string
	chunk       int
	noProgress  bool
	// checkDuplicates runs the incremental duplicate check after a batch
	// that added records to a register that already held some.
	checkDuplicates bool
}

func (a *app) importCommand() *cobraCommand {
	var f importFlags
	cmd := &cobraCommand{
		Use:   "import FILE...",
		Short: "Import DC01 batches (CSV or JSON Lines, optionally .gz); each file is one all-or-nothing batch",
		Args:  minArgs(1),
		RunE: func(cmd *cobraCommand, files []string) error {
			asOf := utcNow()
			if f.asOf != "" {
				t, err := time.Parse(time.DateOnly, f.asOf)
				if err != nil {
					return fmt.Errorf("--as-of: want YYYY-MM-DD: %w", err)
				}
				asOf = t
			}
			db, err := a.openStore(cmd.Context())
			if err != nil {
				return err
			}
			defer db.Close()
			for _, file := range files {
				held, err := db.Citizens().CountCitizens(cmd.Context())
				if err != nil {
					return err
				}
				info, err := a.importFile(cmd.Context(), db, file, asOf, f)
				if err != nil {
					return fmt.Errorf("%s: %w", file, err)
				}
				if f.checkDuplicates && held > 0 && info.Stats.Inserted > 0 {
					if _, err := a.checkBatchDuplicates(cmd.Context(), db, file, info.ID); err != nil {
						return fmt.Errorf("%s: duplicate check: %w", file, err)
					}
				}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&f.asOf, "as-of", "", "effective date of the batch (YYYY-MM-DD, default today): unit codes are read in the list in force then")
	fl.BoolVar(&f.skipInvalid, "skip-invalid", false, "import the valid rows and report the invalid ones (default: any invalid row rejects the whole batch)")
	fl.StringVar(&f.report, "report", "", "error report CSV, created 0600 (default DATA/reports/FILE-NAME.errors.csv, written only when there are findings)")
	fl.StringVar(&f.actor, "actor", "import:cli", "who is recorded in the history as making the change")
	fl.IntVar(&f.chunk, "chunk", 2000, "rows per write chunk")
	fl.BoolVar(&f.noProgress, "no-progress", false, "never show a progress bar")
	fl.BoolVar(&f.checkDuplicates, "check-duplicates", true, "after a batch into a register that already held records, check the new records against it and file the pairs in the review queue (an initial load is checked with dancu duplicates --save)")
	return cmd
}

// checkBatchDuplicates is the incremental duplicate check of one batch,
// which files the pairs it finds for review and returns them.
func (a *app) checkBatchDuplicates(ctx context.Context, db *sqlstore.DB, file string, batchID int64) ([]dedupe.Pair, error) {
	svc := wire.Dedupe(db, a.dataDir(), a.log)
	pairs, err := svc.FindBatch(ctx, batchID, dedupe.Options{})
	if err != nil {
		return nil, err
	}
	if _, err := svc.Save(ctx, pairs); err != nil {
		return nil, err
	}
	fmt.Fprintf(a.out, "%s: %d possible duplicates of the new records filed for review\n", file, len(pairs))
	return pairs, nil
}

// importMemoryLimit is the Go heap's soft limit during a batch.
const importMemoryLimit = 3 << 30

// importGoroutines is how many goroutines of a batch work at once (see
// importFile): it runs with at least as many Ps.
const importGoroutines = 4

// importFile runs one batch and prints its summary.
func (a *app) importFile(ctx context.Context, db *sqlstore.DB, file string, asOf time.Time, f importFlags) (registry.BatchInfo, error) {
	fh, err := os.Open(file)
	if err != nil {
		return registry.BatchInfo{}, err
	}
	defer fh.Close()
	st, err := fh.Stat()
	if err != nil {
		return registry.BatchInfo{}, err
	}
	var in io.Reader = fh
	if !f.noProgress && isatty.IsTerminal(os.Stderr.Fd()) {
		bar := progressbar.DefaultBytes(st.Size(), "import "+filepath.Base(file))
		defer bar.Finish()
		in = io.TeeReader(fh, bar)
	}
	enc, gz := dc01.EncodingFor(file)
	rd, err := dc01.NewReader(in, enc, gz)
	if err != nil {
		return registry.BatchInfo{}, err
	}
	rep := &issueReport{path: f.report, mkdir: func(dir string) error { return os.MkdirAll(dir, 0o700) }}
	if rep.path == "" {
		rep.path = filepath.Join(a.reportsDir(), strings.TrimSuffix(filepath.Base(file), filepath.Ext(file))+".errors.csv")
		rep.mkdir = a.privateDir // dancu's own folder: also warn if it is open to others
	}
	defer rep.close()
	im := &registry.Importer{Store: db.Citizens(), Units: units.Default(), NewID: newID, Now: utcNow}
	// A batch allocates briskly and memory is plentiful next to the
	// database; collecting less often frees a fifth of a core (pprof).
	// The soft limit caps what that costs: a 1M-row batch keeps ~1 GB live
	// (its number index and the quality scan), which GOGC 400 alone would
	// let grow to 6 GB of heap.
	defer debug.SetGCPercent(debug.SetGCPercent(400))
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(importMemoryLimit))
	// A batch runs four goroutines at once: the reader (parse, validate),
	// the writer (classify, lay out), the quality scanner and, on
	// PostgreSQL, the chunk in flight, which mostly waits for the server
	// and must answer it at once. With one P per core (2 here) that last
	// one waited for a busy P, up to the scheduler's 10 ms slice, each
	// time the server answered, while the server idled: the statement log
	// showed 10 ms gaps before statements. One P per goroutine leaves the
	// cores to the kernel's scheduler, which runs a thread woken by the
	// network at once. Interleaved 1M imports, 06:37-06:40 UTC at load
	// 3.9-6.0: 41.0 and 37.1 s against 48.9 and 53.2 s.
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(max(runtime.GOMAXPROCS(0), importGoroutines)))
	start := time.Now()
	info, err := im.Import(ctx, rd, registry.ImportOptions{
		Source: filepath.Base(file), Actor: f.actor, AsOf: asOf, SkipInvalid: f.skipInvalid,
		ChunkSize: f.chunk, OnIssue: rep.add, Audit: batchAuditEntry, Failpoint: a.profileAtWritten(failpointFromEnv()),
	})
	elapsed := time.Since(start)
	s := info.Stats
	fmt.Fprintf(a.out, "%s: batch %d %s: %d rows, %d inserted, %d unchanged, %d conflicts, %d invalid, %d warnings, %d numbers assigned in %s (%.0f rows/s)\n",
		file, info.ID, info.Status, s.Rows, s.Inserted, s.Unchanged, s.Conflicts, s.Invalid, s.Warnings, s.Assigned,
		elapsed.Round(time.Millisecond), float64(s.Rows)/elapsed.Seconds())
	if rep.count > 0 {
		fmt.Fprintf(a.out, "%s: %d findings written to %s\n", file, rep.count, rep.path)
	}
	if rep.err != nil && err == nil {
		err = fmt.Errorf("write report: %w", rep.err)
	}
	if err == nil && s.Inserted > 0 {
		a.checkpointNow(ctx, db)
	}
	return info, err
}

// profileAtWritten writes --memprofile when the batch has written its
// rows, then calls next (nil: none).
func (a *app) profileAtWritten(next func(string) error) func(string) error {
	if a.memProfile == "" {
		return next
	}
	return func(step string) error {
		if step == registry.ImportStepWritten {
			if err := a.writeHeapProfile(); err != nil {
				return err
			}
		}
		if next == nil {
			return nil
		}
		return next(step)
	}
}

// batchAuditEntry is a batch's audit entry, written in the batch's own
// transaction so that no batch commits unaudited. One entry per batch:
// the records themselves carry the batch as provenance in their history,
// so the log names the batch, not a million ids.
func batchAuditEntry(info registry.BatchInfo) *audit.Entry {
	if info.Stats.Inserted == 0 {
		return nil
	}
	e := operatorEntry(audit.Entry{Action: "import.batch",
		Purpose: fmt.Sprintf("import batch %d (%s): %d inserted", info.ID, info.Source, info.Stats.Inserted)})
	return &e
}

// issueReport streams findings to a CSV file, created on the first one.
type issueReport struct {
	path  string
	mkdir func(string) error // creates the report's folder 0700
	fh    *os.File
	w     *csv.Writer
	count int
	err   error
}

func (r *issueReport) add(is registry.Issue) {
	if r.err != nil {
		return
	}
	if r.w == nil {
		// The findings quote the rows' references and reasons: personal
		// data, so the file is the operator's alone.
		if r.mkdir != nil {
			if r.err = r.mkdir(filepath.Dir(r.path)); r.err != nil {
				return
			}
		}
		r.fh, r.err = os.OpenFile(r.path, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, 0o600)
		if r.err == nil {
			r.err = r.fh.Chmod(0o600)
		}
		if r.err != nil {
			return
		}
		r.w = csv.NewWriter(r.fh)
		r.w.Write([]string{"record_ref", "line", "column", "severity", "reason"})
	}
	r.count++
	r.err = r.w.Write([]string{is.RecordRef, strconv.Itoa(is.Line), is.Column, is.Severity, is.Reason})
}

func (r *issueReport) close() {
	if r.w != nil {
		r.w.Flush()
		if err := r.w.Error(); err != nil && r.err == nil {
			r.err = err
		}
		r.fh.Close()
	}
}
