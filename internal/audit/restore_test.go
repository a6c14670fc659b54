package audit_test

import (
	"crypto/ed25519"
	"testing"
	"time"

	"dancu/internal/audit"
)

// restored is a log of 10 entries (checkpoints at 1, 5, 9 and 10) whose
// published head is at 10, rolled back to its first 6 entries as a
// backup taken then would hold them.
func restored(t *testing.T) (*memStore, *audit.Signer, audit.Checkpoint) {
	m, s := filled(t, 10)
	head := m.cps[len(m.cps)-1]
	m.recs = m.recs[:6]
	var cps []audit.Checkpoint
	for _, c := range m.cps {
		if c.Seq <= 6 {
			cps = append(cps, c)
		}
	}
	m.cps = cps
	return m, s, head
}

// appendEntry chains e after the log's last record, unsigned.
func appendEntry(m *memStore, e audit.Entry) {
	last := m.recs[len(m.recs)-1]
	m.recs = append(m.recs, audit.Chain(last.Seq, last.Hash, []audit.Entry{e})...)
}

func rollbackOf(m *memStore, lost audit.Checkpoint) audit.Rollback {
	last := m.recs[len(m.recs)-1]
	return audit.Rollback{RestoredSeq: last.Seq, RestoredHash: last.Hash, LostSeq: lost.Seq, LostHash: lost.Hash,
		Backup: "backup-1", Reason: "operator dropped a table"}
}

func TestVerifyRestore(t *testing.T) {
	later := time.Now().Add(time.Minute)
	tests := []struct {
		name  string
		after func(m *memStore, s *audit.Signer, head audit.Checkpoint)
		seq   int64
		kind  audit.ProblemKind
	}{
		{"rolled back, nothing recorded", func(*memStore, *audit.Signer, audit.Checkpoint) {}, 7, audit.Truncated},
		{"rolled back, then written on", func(m *memStore, s *audit.Signer, _ audit.Checkpoint) {
			appendEntry(m, sampleEntry())
			last := m.recs[len(m.recs)-1]
			m.cps = append(m.cps, s.Sign(last.Seq, last.Hash, later))
		}, 8, audit.Truncated},
		{"restore entry signed", func(m *memStore, s *audit.Signer, head audit.Checkpoint) {
			appendEntry(m, audit.RestoreEntry(rollbackOf(m, head), "root", later))
			last := m.recs[len(m.recs)-1]
			m.cps = append(m.cps, s.Sign(last.Seq, last.Hash, later))
		}, 0, ""},
		{"restore entry not yet signed", func(m *memStore, _ *audit.Signer, head audit.Checkpoint) {
			appendEntry(m, audit.RestoreEntry(rollbackOf(m, head), "root", later))
		}, 7, audit.BadRestore},
		{"restore entry names another lost head", func(m *memStore, s *audit.Signer, head audit.Checkpoint) {
			rb := rollbackOf(m, head)
			rb.LostHash[0] ^= 1
			appendEntry(m, audit.RestoreEntry(rb, "root", later))
			last := m.recs[len(m.recs)-1]
			m.cps = append(m.cps, s.Sign(last.Seq, last.Hash, later))
		}, 7, audit.BadRestore},
		{"restore entry admits less than was lost", func(m *memStore, s *audit.Signer, head audit.Checkpoint) {
			rb := rollbackOf(m, head)
			rb.LostSeq = 8
			appendEntry(m, audit.RestoreEntry(rb, "root", later))
			last := m.recs[len(m.recs)-1]
			m.cps = append(m.cps, s.Sign(last.Seq, last.Hash, later))
		}, 8, audit.Truncated},
		{"restore entry claims a wrong restore point", func(m *memStore, s *audit.Signer, head audit.Checkpoint) {
			rb := rollbackOf(m, head)
			rb.RestoredSeq = 5
			appendEntry(m, audit.RestoreEntry(rb, "root", later))
			last := m.recs[len(m.recs)-1]
			m.cps = append(m.cps, s.Sign(last.Seq, last.Hash, later))
		}, 7, audit.BadRestore},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m, s, head := restored(t)
			tt.after(m, s, head)
			rep, err := audit.VerifyAgainst(bg, m, []ed25519.PublicKey{s.Public()}, []audit.Checkpoint{head})
			if err != nil {
				t.Fatal(err)
			}
			if tt.kind == "" {
				if rep.Problem != nil || rep.LastSeq != 7 || rep.LastCheckpoint != 7 {
					t.Fatalf("restored log: problem %+v, last seq %d, checkpoint %d", rep.Problem, rep.LastSeq, rep.LastCheckpoint)
				}
				return
			}
			if rep.Problem == nil || rep.Problem.Seq != tt.seq || rep.Problem.Kind != tt.kind {
				t.Fatalf("problem %+v, want %s at %d", rep.Problem, tt.kind, tt.seq)
			}
		})
	}
}

func TestRollbackRoundTrip(t *testing.T) {
	rb := audit.Rollback{RestoredSeq: 41, LostSeq: 97, Backup: "20261206-021500F, nightly", Reason: "restored after a bad migration"}
	rb.RestoredHash[3], rb.LostHash[30] = 7, 9
	got, err := audit.ParseRollback(audit.RestoreEntry(rb, "root", time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	rb.Backup = "20261206-021500F; nightly" // commas cannot be stored in the fields list
	if got != rb {
		t.Errorf("round trip: got %+v, want %+v", got, rb)
	}
	if _, err := audit.ParseRollback(sampleEntry()); err == nil {
		t.Error("a citizen.read entry parsed as a restore entry")
	}
}
