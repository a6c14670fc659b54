package audit_test

import (
	"errors"
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
