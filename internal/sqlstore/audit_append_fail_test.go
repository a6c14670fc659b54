package sqlstore_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"dancu/internal/audit"
)

// TestFailedAppendLeavesTheChainAndItsLock: an append whose rows fail (a
// sequence number the chain holds) or whose build fails stores nothing,
// releases the chain's lock, and the next append goes on from the same
// head; the log verifies. On PostgreSQL the writer's appends are pipelined
// (audit_append_pg.go), so a failed statement must abort and roll back the
// whole transaction, not leave part of it or an open transaction holding
// the lock.
func TestFailedAppendLeavesTheChainAndItsLock(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		log := e.db.AuditLog()
		appendN := func(from, n int) error {
			es := make([]audit.Entry, n)
			for i := range es {
				es[i] = auditEntry(from + i)
			}
			return log.AppendAuditUnsynced(ctx, func(h audit.Head) (audit.Batch, error) {
				return audit.Batch{Records: audit.Chain(h.Seq, h.Hash, es)}, nil
			})
		}
		count := func(table string) int {
			return countRows(t, e.db.AuditSQL(), `SELECT count(*) FROM `+table)
		}
		if err := appendN(0, 70); err != nil { // 64 + 1 × 6 rows: two statement shapes
			t.Fatal(err)
		}
		entries, subjects := count("audit_log"), count("audit_subjects")
		err := log.AppendAuditUnsynced(ctx, func(h audit.Head) (audit.Batch, error) {
			recs := audit.Chain(h.Seq, h.Hash, []audit.Entry{auditEntry(100), auditEntry(101)})
			recs[1].Seq = h.Seq // the chain holds it already
			return audit.Batch{Records: recs}, nil
		})
		if err == nil {
			t.Fatal("an append repeating a sequence number was stored")
		}
		errBuild := errors.New("build failed")
		if err := log.AppendAuditUnsynced(ctx, func(audit.Head) (audit.Batch, error) { return audit.Batch{}, errBuild }); !errors.Is(err, errBuild) {
			t.Fatalf("a failed build: %v", err)
		}
		if got, gotSubjects := count("audit_log"), count("audit_subjects"); got != entries || gotSubjects != subjects {
			t.Fatalf("after the failed appends: %d entries, %d subjects; want %d, %d", got, gotSubjects, entries, subjects)
		}
		if err := appendN(200, 9); err != nil { // would wait for ever on a lock left held
			t.Fatalf("the append after the failed ones: %v", err)
		}
		if err := log.SyncAudit(ctx); err != nil {
			t.Fatal(err)
		}
		if got := count("audit_log"); got != entries+9 {
			t.Fatalf("%d entries, want %d", got, entries+9)
		}
		rep, err := audit.Verify(ctx, log, nil)
		if err != nil || rep.Problem != nil {
			t.Fatalf("verify: %+v %v", rep, err)
		}
	})
}
