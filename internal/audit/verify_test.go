package audit_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"dancu/internal/audit"
)

var bg = context.Background()

func newSigner(t testing.TB) *audit.Signer {
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return audit.NewSigner(key)
}

// filled writes n entries through a Writer that checkpoints every 4:
// at seq 1 (no checkpoint yet), 5, 9 and 10 (on Close).
func filled(t *testing.T, n int) (*memStore, *audit.Signer) {
	m, s := &memStore{}, newSigner(t)
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: m, Signer: s, CheckpointEvery: 4, CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		e := sampleEntry()
		e.RequestID = fmt.Sprint("req-", i)
		if err := w.Record(bg, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return m, s
}

func TestVerify(t *testing.T) {
	other := newSigner(t)
	tests := []struct {
		name   string
		tamper func(m *memStore, s *audit.Signer)
		seq    int64
		kind   audit.ProblemKind
	}{
		{"untouched", func(*memStore, *audit.Signer) {}, 0, ""},
		{"edited", func(m *memStore, _ *audit.Signer) { m.recs[4].Entry.Purpose = "khác" }, 5, audit.Edited},
		{"citizen removed from entry", func(m *memStore, _ *audit.Signer) { m.recs[2].Entry.CitizenIDs = m.recs[2].Entry.CitizenIDs[:1] }, 3, audit.Edited},
		{"deleted", func(m *memStore, _ *audit.Signer) { m.recs = append(m.recs[:6], m.recs[7:]...) }, 7, audit.Missing},
		{"first deleted", func(m *memStore, _ *audit.Signer) { m.recs = m.recs[1:] }, 1, audit.Missing},
		{"last deleted", func(m *memStore, _ *audit.Signer) { m.recs = m.recs[:len(m.recs)-1] }, 10, audit.Truncated},
		{"swapped", func(m *memStore, _ *audit.Signer) {
			m.recs[5].Entry, m.recs[6].Entry = m.recs[6].Entry, m.recs[5].Entry
			m.recs[5].Hash, m.recs[6].Hash = m.recs[6].Hash, m.recs[5].Hash
		}, 6, audit.Reordered},
		{"edited and re-chained", func(m *memStore, _ *audit.Signer) {
			m.recs[1].Entry.Confidential = false
			prev := m.recs[0].Hash
			for i := 1; i < len(m.recs); i++ {
				m.recs[i].Hash = audit.Link(prev, m.recs[i].Seq, m.recs[i].Entry)
				prev = m.recs[i].Hash
			}
		}, 5, audit.BadCheckpoint},
		{"forged checkpoint", func(m *memStore, _ *audit.Signer) { m.cps[1].Hash[0] ^= 1 }, 5, audit.BadSignature},
		{"checkpoint by another key", func(m *memStore, _ *audit.Signer) {
			r := m.recs[8]
			m.cps = append(m.cps, other.Sign(r.Seq, r.Hash, time.Now()))
		}, 9, audit.UnknownKey},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s := filled(t, 10)
			tt.tamper(m, s)
			rep, err := audit.Verify(bg, m, []ed25519.PublicKey{s.Public()})
			if err != nil {
				t.Fatal(err)
			}
			if tt.kind == "" {
				if rep.Problem != nil || rep.Entries != 10 || rep.LastCheckpoint != 10 {
					t.Fatalf("untouched log: %+v", rep)
				}
				return
			}
			if rep.Problem == nil || rep.Problem.Seq != tt.seq || rep.Problem.Kind != tt.kind {
				t.Fatalf("problem %+v, want %s at %d", rep.Problem, tt.kind, tt.seq)
			}
		})
	}
}

func TestWriterConcurrentRecordsFormOneChain(t *testing.T) {
	m, s := &memStore{}, newSigner(t)
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: m, Signer: s, CheckpointEvery: 50})
	if err != nil {
		t.Fatal(err)
	}
	const goroutines, each = 16, 100
	errs := make(chan error, goroutines)
	for g := range goroutines {
		go func() {
			for i := range each {
				e := sampleEntry()
				e.RequestID = fmt.Sprint(g, "-", i)
				if err := w.Record(bg, e); err != nil {
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
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for i, r := range m.recs {
		if r.Seq != int64(i+1) || seen[r.Entry.RequestID] {
			t.Fatalf("record %d: seq %d, request %s seen %v", i, r.Seq, r.Entry.RequestID, seen[r.Entry.RequestID])
		}
		seen[r.Entry.RequestID] = true
	}
	rep, err := audit.Verify(bg, m, m.keys)
	if err != nil || rep.Problem != nil || rep.Entries != goroutines*each || rep.LastCheckpoint != goroutines*each {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
	if err := w.Record(bg, sampleEntry()); err == nil {
		t.Error("Record after Close succeeded")
	}
}

func TestWriterRefusesUnstorableEntry(t *testing.T) {
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: &memStore{}, Signer: newSigner(t)})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for name, e := range map[string]audit.Entry{
		"no action": {Time: time.Now()},
		"NUL":       {Action: "x", Purpose: "a\x00b"},
		"empty id":  {Action: "x", CitizenIDs: []string{""}},
		"bad UTF-8": {Action: "x", Route: "\xff"},
	} {
		if err := w.Record(bg, e); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}
