package audit_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dancu/internal/audit"
)

// syncStore is a memStore whose appends become durable only at SyncAudit,
// which a test can hold back (gate) or fail (fail).
type syncStore struct {
	memStore
	smu     sync.Mutex
	durable int64 // highest seq made durable by a SyncAudit
	syncs   int
	gate    chan struct{}
	fail    error
	// commits, when set, holds every unsynced commit back until closed.
	commits chan struct{}
}

func (s *syncStore) AppendAuditUnsynced(ctx context.Context, build func(audit.Head) (audit.Batch, error)) error {
	if s.commits != nil {
		<-s.commits
	}
	return s.memStore.AppendAudit(ctx, build)
}

// AppendAudit is the durable append the writer's checkpoints use.
func (s *syncStore) AppendAudit(ctx context.Context, build func(audit.Head) (audit.Batch, error)) error {
	if err := s.memStore.AppendAudit(ctx, build); err != nil {
		return err
	}
	return s.SyncAudit(ctx)
}

func (s *syncStore) SyncAudit(context.Context) error {
	s.mu.Lock()
	committed := int64(len(s.recs)) // what committed before the sync began
	s.mu.Unlock()
	if s.gate != nil {
		<-s.gate
	}
	s.smu.Lock()
	defer s.smu.Unlock()
	s.syncs++
	if s.fail != nil {
		return s.fail
	}
	s.durable = max(s.durable, committed)
	return nil
}

func (s *syncStore) durableSeq() int64 {
	s.smu.Lock()
	defer s.smu.Unlock()
	return s.durable
}

// TestWriterAnswersOnlyDurableEntries protects the guarantee with the
// fsync moved off the chain's critical path: Record returns only after a
// sync that began once its entry had been written (SyncAudit of a
// SyncStore, or SyncSpool of a Spool), so no disclosure leaves before its
// entry would survive a power loss.
func TestWriterAnswersOnlyDurableEntries(t *testing.T) {
	const callers = 32
	for _, tc := range []struct {
		name string
		// setup returns the writer's config, how many entries are written
		// (durable or not), whether request id's entry is durable, a func
		// that lets the held syncs run, and the check once it is closed.
		setup func(t *testing.T) (cfg audit.WriterConfig, written func() int, durable func(id string) bool, release func(), after func())
	}{
		{"sync store", func(t *testing.T) (audit.WriterConfig, func() int, func(string) bool, func(), func()) {
			st := &syncStore{gate: make(chan struct{})}
			return audit.WriterConfig{Store: st}, st.count,
				func(id string) bool { return st.durableSeq() >= st.seqOf(id) },
				func() { close(st.gate) },
				func() {
					rep, err := audit.Verify(bg, &st.memStore, st.keys)
					if err != nil || rep.Problem != nil || rep.Entries != callers+1 {
						t.Fatalf("verify: %+v, %v", rep, err)
					}
				}
		}},
		{"spool", func(t *testing.T) (audit.WriterConfig, func() int, func(string) bool, func(), func()) {
			st, sp := &memStore{}, &memSpool{gate: make(chan struct{})}
			return audit.WriterConfig{Store: st, Spool: sp}, sp.count,
				func(id string) bool { return sp.durableIndex(id) >= 0 },
				func() { close(sp.gate) },
				func() {
					if n := st.count(); n != 0 {
						t.Errorf("the writer put %d spooled entries on the chain itself; the store moves them", n)
					}
				}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			cfg, written, durable, release, after := tc.setup(t)
			cfg.Signer, cfg.CheckpointInterval = newSigner(t), time.Hour
			w, err := audit.NewWriter(bg, cfg)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan error, 1)
			go func() { done <- w.Record(bg, sampleEntry()) }()
			// The entry is written, but its sync is held back: Record must
			// wait.
			deadline := time.Now().Add(5 * time.Second)
			for written() == 0 && time.Now().Before(deadline) {
				time.Sleep(time.Millisecond)
			}
			if written() != 1 {
				t.Fatalf("the entry was not written: %d entries", written())
			}
			select {
			case err := <-done:
				t.Fatalf("Record returned (%v) before its entry was synced", err)
			case <-time.After(50 * time.Millisecond):
			}
			release()
			if err := <-done; err != nil {
				t.Fatal(err)
			}
			if !durable(sampleEntry().RequestID) {
				t.Fatal("Record returned before its entry was durable")
			}

			// Under concurrency every caller's entry is durable when it
			// returns.
			errs := make(chan error, callers)
			for i := range callers {
				go func() {
					e := sampleEntry()
					e.RequestID = fmt.Sprint("req-", i)
					if err := w.Record(bg, e); err != nil {
						errs <- err
						return
					}
					if !durable(e.RequestID) {
						errs <- fmt.Errorf("%s answered before its entry was durable", e.RequestID)
						return
					}
					errs <- nil
				}()
			}
			for range callers {
				if err := <-errs; err != nil {
					t.Error(err)
				}
			}
			if err := w.Close(); err != nil {
				t.Fatal(err)
			}
			after()
		})
	}
}

// TestWriterSyncFailureRefusesDisclosure: when the sync fails, the entry
// may be lost, so Record fails (the caller must not disclose) and the
// batch's checkpoint is not published.
func TestWriterSyncFailureRefusesDisclosure(t *testing.T) {
	st := &syncStore{fail: errors.New("fsync: input/output error")}
	var published int
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: st, Signer: newSigner(t), CheckpointEvery: 1,
		OnCheckpoint: func(audit.Checkpoint) { published++ }})
	if err != nil {
		t.Fatal(err)
	}
	err = w.Record(bg, sampleEntry())
	if err == nil || !errors.Is(err, st.fail) {
		t.Fatalf("Record: %v, want the sync's error", err)
	}
	w.Close()
	if published != 0 {
		t.Errorf("%d checkpoints published although no sync succeeded", published)
	}
}

func (s *syncStore) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.recs)
}

func (s *syncStore) seqOf(requestID string) int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.recs {
		if r.Entry.RequestID == requestID {
			return r.Seq
		}
	}
	return 1 << 62 // absent: never durable
}
