package audit_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dancu/internal/audit"
)

// memSpool is a Spool whose entries become durable only at SyncSpool,
// which a test can hold back (gate) or fail (fail).
type memSpool struct {
	mu      sync.Mutex
	spooled []audit.Entry
	durable int // entries made durable by a SyncSpool
	gate    chan struct{}
	fail    error
}

func (s *memSpool) Spool(entries []audit.Entry) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.spooled = append(s.spooled, entries...)
	return nil
}

func (s *memSpool) SyncSpool() error {
	s.mu.Lock()
	n := len(s.spooled) // what was spooled before the sync began
	s.mu.Unlock()
	if s.gate != nil {
		<-s.gate
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.fail != nil {
		return s.fail
	}
	s.durable = max(s.durable, n)
	return nil
}

// durableIndex is the position of the entry of request id among the
// durable entries, or -1.
func (s *memSpool) durableIndex(id string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, e := range s.spooled[:s.durable] {
		if e.RequestID == id {
			return i
		}
	}
	return -1
}

func (s *memSpool) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.spooled)
}

func TestWriterWithSpoolRefusesDisclosureWhenTheSyncFails(t *testing.T) {
	sp := &memSpool{fail: errors.New("disk gone")}
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: &memStore{}, Spool: sp, Signer: newSigner(t), CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	if err := w.Record(bg, sampleEntry()); err == nil {
		t.Fatal("Record succeeded although the spool could not sync")
	}
}

// TestWriterWithSpoolSignsEveryCheckpointEvery: spooled entries reach
// the chain through the store, so the writer starts a checkpoint itself
// once CheckpointEvery of them have been spooled.
func TestWriterWithSpoolSignsEveryCheckpointEvery(t *testing.T) {
	st := &memStore{}
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: st, Spool: &memSpool{}, Signer: newSigner(t),
		CheckpointEvery: 10, CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	// The memStore holds no entries, so only an empty chain's head is
	// there to sign; one entry on the chain gives it something.
	if err := st.AppendAudit(bg, func(h audit.Head) (audit.Batch, error) {
		return audit.Batch{Records: audit.Chain(h.Seq, h.Hash, []audit.Entry{sampleEntry().Normalize()})}, nil
	}); err != nil {
		t.Fatal(err)
	}
	for range 9 {
		if err := w.Record(bg, sampleEntry()); err != nil {
			t.Fatal(err)
		}
	}
	if n := st.checkpointCount(); n != 0 {
		t.Fatalf("%d checkpoints after 9 spooled entries, want 0", n)
	}
	if err := w.Record(bg, sampleEntry()); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(5 * time.Second)
	for st.checkpointCount() == 0 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	if n := st.checkpointCount(); n != 1 {
		t.Fatalf("%d checkpoints after 10 spooled entries, want 1", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWriterSpoolsWhileASyncRuns: a batch is spooled at once, even while
// a sync runs and another batch waits for the next, so that next sync
// covers it. (Waiting for that sync to begin would leave it for a third.)
func TestWriterSpoolsWhileASyncRuns(t *testing.T) {
	sp := &memSpool{gate: make(chan struct{})}
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: &memStore{}, Spool: sp, Signer: newSigner(t), CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		for deadline := time.Now().Add(5 * time.Second); !ok(); time.Sleep(time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("timed out waiting until %s", what)
			}
		}
	}
	done := make([]chan error, 3)
	record := func(i int) {
		done[i] = make(chan error, 1)
		e := sampleEntry()
		e.RequestID = fmt.Sprint("req-", i)
		go func() { done[i] <- w.Record(bg, e) }()
	}
	record(0) // its sync holds at the gate
	waitFor("the first entry is spooled", func() bool { return sp.count() == 1 })
	record(1) // waits for the first sync to end, then syncs
	waitFor("the second entry is spooled", func() bool { return sp.count() == 2 })
	record(2)
	waitFor("the third entry is spooled while the first sync runs", func() bool { return sp.count() == 3 })

	sp.gate <- struct{}{} // the first sync ends
	if err := <-done[0]; err != nil {
		t.Fatal(err)
	}
	sp.gate <- struct{}{} // the second covers both later entries
	for i := 1; i < 3; i++ {
		select {
		case err := <-done[i]:
			if err != nil {
				t.Fatal(err)
			}
		case <-time.After(5 * time.Second):
			t.Fatalf("entry %d was not answered after the second sync", i)
		}
		if sp.durableIndex(fmt.Sprint("req-", i)) < 0 {
			t.Fatalf("entry %d answered before it was durable", i)
		}
	}
	close(sp.gate)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}
