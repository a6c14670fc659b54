package audit_test

import (
	"crypto/ed25519"
	"fmt"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
)

func TestSignedHeadRoundTrip(t *testing.T) {
	s := newSigner(t)
	var h audit.Hash
	h[0], h[31] = 0xab, 0x01
	cp := s.Sign(42, h, time.Date(2026, 1, 5, 8, 0, 0, 123456000, time.UTC))
	line := cp.String()
	got, err := audit.ParseSignedHead(line)
	if err != nil {
		t.Fatalf("%s: %v", line, err)
	}
	if got.String() != line || !got.Valid(s.Public()) {
		t.Errorf("round trip: %s\n        -> %s (valid %v)", line, got, got.Valid(s.Public()))
	}
	for _, bad := range []string{"", "seq=1", strings.Replace(line, "seq=42", "seq=x", 1), strings.Replace(line, "sig=", "sig=!!", 1),
		strings.Replace(line, "hash=ab", "hash=zz", 1)} {
		if _, err := audit.ParseSignedHead(bad); err == nil {
			t.Errorf("accepted %q", bad)
		}
	}
	heads, err := audit.ParseSignedHeads("# heads kept by the inspectorate\n" + line + "\n\n" + line + "\n")
	if err != nil || len(heads) != 2 {
		t.Errorf("ParseSignedHeads: %d heads, %v", len(heads), err)
	}
}

// TestVerifyAgainstTrustedHead protects against a cut or replaced tail:
// with the entries and checkpoints after seq 6 deleted, the chain and the
// checkpoints left still agree, and only a head kept outside the log
// tells. Each case names the problem verify must report.
func TestVerifyAgainstTrustedHead(t *testing.T) {
	tests := []struct {
		name   string
		change func(t *testing.T, m *memStore, s *audit.Signer)
		seq    int64
		kind   audit.ProblemKind
	}{
		{"unchanged", func(*testing.T, *memStore, *audit.Signer) {}, 0, ""},
		{"grown since the head", func(t *testing.T, m *memStore, s *audit.Signer) { appendEntries(t, m, s, 3) }, 0, ""},
		{"tail cut", func(_ *testing.T, m *memStore, _ *audit.Signer) { cutAfter(m, 6) }, 7, audit.Truncated},
		{"tail cut and regrown past the head", func(t *testing.T, m *memStore, s *audit.Signer) {
			cutAfter(m, 6)
			appendEntries(t, m, s, 6)
		}, 10, audit.Forked},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s := filled(t, 10)
			rep, err := audit.Verify(bg, m, []ed25519.PublicKey{s.Public()})
			if err != nil || rep.Problem != nil || rep.Head == nil || rep.Head.Seq != 10 {
				t.Fatalf("before: %+v %v", rep, err)
			}
			head := *rep.Head
			tt.change(t, m, s)
			// The cut log passes on its own: that is why the head is kept.
			if rep, err := audit.Verify(bg, m, []ed25519.PublicKey{s.Public()}); err != nil || rep.Problem != nil {
				t.Fatalf("without the head: %+v %v", rep, err)
			}
			rep, err = audit.VerifyAgainst(bg, m, []ed25519.PublicKey{s.Public()}, []audit.Checkpoint{head})
			if err != nil {
				t.Fatal(err)
			}
			if tt.kind == "" {
				if rep.Problem != nil || rep.TrustedHeads != 1 {
					t.Fatalf("problem %v, %d heads matched; want intact, 1", rep.Problem, rep.TrustedHeads)
				}
				return
			}
			if rep.Problem == nil || rep.Problem.Seq != tt.seq || rep.Problem.Kind != tt.kind {
				t.Fatalf("problem %v, want %s at %d", rep.Problem, tt.kind, tt.seq)
			}
		})
	}
}

func TestVerifyRefusesHeadOfUntrustedKey(t *testing.T) {
	m, s := filled(t, 10)
	r := m.recs[9]
	forged := newSigner(t).Sign(r.Seq, r.Hash, time.Now())
	if _, err := audit.VerifyAgainst(bg, m, []ed25519.PublicKey{s.Public()}, []audit.Checkpoint{forged}); err == nil || !strings.Contains(err.Error(), "trusted head") {
		t.Errorf("a head signed by an unknown key was used: %v", err)
	}
}

// cutAfter deletes the entries and checkpoints after seq, as an attacker
// with write access to the database would.
func cutAfter(m *memStore, seq int64) {
	m.recs = m.recs[:seq]
	cps := m.cps[:0]
	for _, c := range m.cps {
		if c.Seq <= seq {
			cps = append(cps, c)
		}
	}
	m.cps = cps
}

// appendEntries writes n more entries through a writer with the same key
// (an insider with the key, or a restored backup put back in service).
func appendEntries(t *testing.T, m *memStore, s *audit.Signer, n int) {
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: m, Signer: s, CheckpointEvery: 4, CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		e := sampleEntry()
		e.RequestID = fmt.Sprint("later-", i)
		if err := w.Record(bg, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestWriterPublishesEachCheckpoint protects the service log's copy of
// the heads: every checkpoint the writer commits is handed to
// OnCheckpoint, and only committed ones.
func TestWriterPublishesEachCheckpoint(t *testing.T) {
	m, s := &memStore{}, newSigner(t)
	var published []audit.Checkpoint
	w, err := audit.NewWriter(bg, audit.WriterConfig{Store: m, Signer: s, CheckpointEvery: 4, CheckpointInterval: time.Hour,
		OnCheckpoint: func(c audit.Checkpoint) { published = append(published, c) }})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		e := sampleEntry()
		e.RequestID = fmt.Sprint("req-", i)
		if err := w.Record(bg, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Checkpoint(bg); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if len(published) != len(m.cps) || len(published) == 0 {
		t.Fatalf("published %d heads, stored %d checkpoints", len(published), len(m.cps))
	}
	for i := range published {
		if published[i].String() != m.cps[i].String() {
			t.Errorf("published %s, stored %s", published[i], m.cps[i])
		}
	}
}
