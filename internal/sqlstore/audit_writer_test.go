package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"fmt"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/citizenauth"
)

// TestAuditConcurrentWriters runs two writers (as two server processes
// would) with many goroutines each: every entry gets exactly one sequence
// number, there is no gap, and the result verifies.
func TestAuditConcurrentWriters(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		s := newAuditSigner(t)
		writers := []*audit.Writer{newAuditWriter(t, e.db, s, 64), newAuditWriter(t, e.db, s, 64)}
		const goroutines, each = 8, 40
		errs := make(chan error, goroutines)
		for g := range goroutines {
			go func() {
				for i := range each {
					en := auditEntry(i)
					en.RequestID = fmt.Sprint(g, "-", i)
					if err := writers[g%2].Record(ctx, en); err != nil {
						errs <- err
						return
					}
				}
				errs <- nil
			}()
		}
		for range goroutines {
			if err := <-errs; err != nil {
				t.Fatal(err)
			}
		}
		for _, w := range writers {
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
		}
		recs, err := e.db.AuditLog().AuditRecords(ctx, 0, 10_000)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]bool{}
		for i, r := range recs {
			if r.Seq != int64(i+1) || seen[r.Entry.RequestID] || len(r.Entry.CitizenIDs) != 2 {
				t.Fatalf("record %d: seq %d request %s (seen %v), %d citizens", i, r.Seq, r.Entry.RequestID, seen[r.Entry.RequestID], len(r.Entry.CitizenIDs))
			}
			seen[r.Entry.RequestID] = true
		}
		if len(recs) != goroutines*each {
			t.Fatalf("%d records, want %d", len(recs), goroutines*each)
		}
		rep, err := audit.Verify(ctx, e.db.AuditLog(), []ed25519.PublicKey{s.Public()})
		if err != nil || rep.Problem != nil || rep.LastCheckpoint != goroutines*each {
			t.Fatalf("verify: %+v %v", rep, err)
		}
	})
}

func TestAuditEntriesFilter(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		w := newAuditWriter(t, e.db, newAuditSigner(t), 100)
		for i := range 9 {
			if err := w.Record(ctx, auditEntry(i)); err != nil {
				t.Fatal(err)
			}
		}
		at := func(i int) time.Time { return auditEntry(i).Time }
		tests := []struct {
			name string
			f    audit.Filter
			want []int64 // seqs, newest first
		}{
			{"all", audit.Filter{}, []int64{9, 8, 7, 6, 5, 4, 3, 2, 1}},
			{"citizen", audit.Filter{CitizenID: "c-4"}, []int64{5}},
			{"citizen without confidential", audit.Filter{CitizenID: "c-all", WithoutConfidential: true}, []int64{9, 7, 5, 3, 1}},
			{"user", audit.Filter{UserID: "user-1"}, []int64{8, 5, 2}},
			{"time range", audit.Filter{From: at(2), To: at(5)}, []int64{5, 4, 3}},
			{"page", audit.Filter{Before: 7, Limit: 2}, []int64{6, 5}},
			{"agency", audit.Filter{AgencyID: "none"}, nil},
		}
		for _, tt := range tests {
			recs, err := e.db.AuditLog().AuditEntries(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			var got []int64
			for _, r := range recs {
				got = append(got, r.Seq)
			}
			if fmt.Sprint(got) != fmt.Sprint(tt.want) {
				t.Errorf("%s: seqs %v, want %v", tt.name, got, tt.want)
			}
		}
		recs, _ := e.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: "c-4"})
		if len(recs) == 1 && fmt.Sprint(recs[0].Entry) != fmt.Sprint(auditEntry(4).Normalize()) {
			t.Errorf("entry read back\n %+v\nwant %+v", recs[0].Entry, auditEntry(4).Normalize())
		}
	})
}

func TestCitizenTokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		token, _, err := citizenauth.Issue(ctx, e.db.AuditLog(), "c-1", time.Hour, e.clock.now())
		if err != nil {
			t.Fatal(err)
		}
		if id, err := citizenauth.Authenticate(ctx, e.db.AuditLog(), token, e.clock.now()); err != nil || id != "c-1" {
			t.Fatalf("authenticate: %q %v", id, err)
		}
		e.clock.advance(2 * time.Hour)
		if _, err := citizenauth.Authenticate(ctx, e.db.AuditLog(), token, e.clock.now()); apperr.CodeOf(err) != apperr.Unauthenticated {
			t.Fatalf("expired token: %v", err)
		}
		if n, err := e.db.AuditLog().PurgeCitizenTokens(ctx); err != nil || n != 1 {
			t.Fatalf("purge: %d %v", n, err)
		}
	})
}
