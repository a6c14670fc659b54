package sqlstore_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/dc01"
	"dancu/internal/registry"
	"dancu/internal/units"
)

var errCrash = errors.New("crash injected by the test")

// TestImportCrashAtEachStepLeavesAllOrNothing protects a batch's data, its
// batch row and its audit entry as one unit: a batch aborted at any step
// before its commit leaves no citizen, no audit entry and no batch
// "running" (and a second run imports it, rather than finding it
// "unchanged"); one aborted just after its commit is there whole, audited.
// The audit log verifies after every step.
func TestImportCrashAtEachStepLeavesAllOrNothing(t *testing.T) {
	steps := []string{registry.ImportStepBegun, registry.ImportStepWritten, registry.ImportStepRecorded, registry.ImportStepAudited, registry.ImportStepCommitted}
	eachEngine(t, func(t *testing.T, e engine) {
		for i, step := range steps {
			body := header + fmt.Sprintf("K%d-1,,Lê Văn Tám,1980-01-01,M,18073,,,\nK%d-2,,Lê Thị Bảy,1982,F,18073,,,\n", i, i)
			source := "crash-" + step + ".csv"
			before, auditedBefore := countCitizens(t, e), importEntries(t, e)
			info, err := importAudited(t, e, body, source, func(s string) error {
				if s == step {
					return errCrash
				}
				return nil
			})
			if !errors.Is(err, errCrash) {
				t.Fatalf("%s: err = %v, want the injected crash", step, err)
			}
			statuses := batchStatuses(t, e, source)
			committed := step == registry.ImportStepCommitted
			if committed {
				if n := countCitizens(t, e); n != before+2 {
					t.Errorf("%s: %d citizens, want %d", step, n, before+2)
				}
				if got := importEntries(t, e); len(got) != len(auditedBefore)+1 || !strings.Contains(got[len(got)-1], fmt.Sprintf("batch %d ", info.ID)) {
					t.Errorf("%s: the committed batch %d is not audited: %q", step, info.ID, got)
				}
				if strings.Join(statuses, ",") != "committed" {
					t.Errorf("%s: batch rows %v, want committed", step, statuses)
				}
			} else {
				if n := countCitizens(t, e); n != before {
					t.Errorf("%s: %d citizens after an aborted batch, want %d", step, n, before)
				}
				if got := importEntries(t, e); len(got) != len(auditedBefore) {
					t.Errorf("%s: an aborted batch left audit entries %q", step, got[len(auditedBefore):])
				}
				for _, s := range statuses {
					if s == "committed" || s == "running" {
						t.Errorf("%s: an aborted batch is recorded %s", step, s)
					}
				}
				again, err := importAudited(t, e, body, source, nil)
				if err != nil || again.Stats.Inserted != 2 {
					t.Errorf("%s: the batch run again inserted %d (%v), want 2", step, again.Stats.Inserted, err)
				}
			}
			if n := runningBatches(t, e); n != 0 {
				t.Errorf("%s: %d batches left running", step, n)
			}
			if rep, err := audit.Verify(ctx, e.db.AuditLog(), nil); err != nil || rep.Problem != nil {
				t.Errorf("%s: audit log %+v %v", step, rep.Problem, err)
			}
		}
	})
}

// TestImportMarksStaleRunningBatchesAbandoned protects the batch list from
// a batch an earlier version left "running" when it was killed: the next
// import marks it abandoned.
func TestImportMarksStaleRunningBatchesAbandoned(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		mustExec(t, e, `INSERT INTO import_batches (source, actor, as_of, started_at, status) VALUES ('killed.csv', 'import:cli', '2026-01-01T00:00:00.000000Z', '2026-01-01T00:00:00.000000Z', 'running')`)
		if _, err := importAudited(t, e, goodBatch, "next.csv", nil); err != nil {
			t.Fatal(err)
		}
		if got := batchStatuses(t, e, "killed.csv"); strings.Join(got, ",") != "abandoned" {
			t.Errorf("the killed batch is %v, want abandoned", got)
		}
	})
}

func importAudited(t *testing.T, e engine, body, source string, fail func(string) error) (registry.BatchInfo, error) {
	t.Helper()
	rd, err := dc01.NewReader(strings.NewReader(body), dc01.CSV, false)
	if err != nil {
		t.Fatal(err)
	}
	im := &registry.Importer{Store: e.db.Citizens(), Units: units.Default(), NewID: newID, Now: e.clock.now}
	return im.Import(ctx, rd, registry.ImportOptions{
		Source: source, Actor: "import:test", AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), ChunkSize: 3, Failpoint: fail,
		Audit: func(b registry.BatchInfo) *audit.Entry {
			return &audit.Entry{Time: e.clock.now(), RequestID: fmt.Sprint("batch-", b.ID), UserID: "os:test", Username: "test",
				Role: "operator", Action: "import.batch", Route: "cli", Result: "ok", CitizenIDs: []string{},
				Purpose: fmt.Sprintf("import batch %d (%s): %d inserted", b.ID, b.Source, b.Stats.Inserted)}
		},
	})
}

// importEntries lists the purposes of the log's import entries, in order.
func importEntries(t *testing.T, e engine) []string {
	t.Helper()
	recs, err := e.db.AuditLog().AuditRecords(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, r := range recs {
		if r.Entry.Action == "import.batch" {
			out = append(out, r.Entry.Purpose)
		}
	}
	return out
}

func batchStatuses(t *testing.T, e engine, source string) []string {
	t.Helper()
	bs, err := e.db.Citizens().Batches(ctx, 1000)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, b := range bs {
		if b.Source == source {
			out = append(out, b.Status)
		}
	}
	return out
}

func runningBatches(t *testing.T, e engine) int {
	t.Helper()
	var n int
	if err := e.db.SQL().QueryRowContext(ctx, `SELECT COUNT(*) FROM import_batches WHERE status = 'running'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}
