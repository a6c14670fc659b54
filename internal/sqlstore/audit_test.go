package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"

	"dancu/internal/audit"
)

// TestAuditVerifyDetectsTampering writes ten entries (checkpoints at 1, 5,
// 9 and 10), tampers as an attacker with database access would, and
// expects dancu audit verify's check to name the first bad entry.
func TestAuditVerifyDetectsTampering(t *testing.T) {
	tests := []struct {
		name   string
		tamper []string
		edit   func(*audit.Entry) // re-encodes entry 5 with this change
		seq    int64
		kind   audit.ProblemKind
	}{
		{"untouched", nil, nil, 0, ""},
		{"edited", nil, func(e *audit.Entry) { e.Purpose = "khác" }, 5, audit.Edited},
		{"citizen dropped from entry", nil, func(e *audit.Entry) { e.CitizenIDs = e.CitizenIDs[1:] }, 5, audit.Edited},
		{"user column changed", []string{`UPDATE audit_log SET user_id = 'other' WHERE seq = 5`}, nil, 5, audit.Edited},
		{"confidential flag cleared", []string{`UPDATE audit_log SET confidential = false WHERE seq = 4`}, nil, 4, audit.Edited},
		{"citizen removed", []string{`DELETE FROM audit_subjects WHERE seq = 4 AND pos = 1`}, nil, 4, audit.Edited},
		{"deleted", []string{`DELETE FROM audit_subjects WHERE seq = 7`, `DELETE FROM audit_log WHERE seq = 7`}, nil, 7, audit.Missing},
		{"last deleted", []string{`DELETE FROM audit_log WHERE seq = 10`}, nil, 10, audit.Truncated},
		{"swapped", []string{
			`UPDATE audit_log SET seq = -1 WHERE seq = 6`, `UPDATE audit_log SET seq = 6 WHERE seq = 7`, `UPDATE audit_log SET seq = 7 WHERE seq = -1`,
			`UPDATE audit_subjects SET seq = -1 WHERE seq = 6`, `UPDATE audit_subjects SET seq = 6 WHERE seq = 7`, `UPDATE audit_subjects SET seq = 7 WHERE seq = -1`,
		}, nil, 6, audit.Reordered},
		{"forged checkpoint", []string{`UPDATE audit_checkpoints SET hash = (SELECT hash FROM audit_log WHERE seq = 4), seq = 4 WHERE seq = 5`}, nil, 4, audit.BadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, e engine) {
				ctx := context.Background()
				s := newAuditSigner(t)
				w := newAuditWriter(t, e.db, s, 4)
				for i := range 10 {
					if err := w.Record(ctx, auditEntry(i)); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				if len(tt.tamper) > 0 || tt.edit != nil {
					untrigger(t, e)
					mustExecAudit(t, e, tt.tamper...)
				}
				if tt.edit != nil {
					reencode(t, e, 5, tt.edit)
				}
				rep, err := audit.Verify(ctx, e.db.AuditLog(), []ed25519.PublicKey{s.Public()})
				if err != nil {
					t.Fatal(err)
				}
				if tt.kind == "" {
					if rep.Problem != nil || rep.Entries != 10 || rep.Checkpoints != 4 || rep.LastCheckpoint != 10 {
						t.Fatalf("untouched log: %+v", rep)
					}
					return
				}
				if rep.Problem == nil || rep.Problem.Seq != tt.seq || rep.Problem.Kind != tt.kind {
					t.Fatalf("problem %v, want %s at %d", rep.Problem, tt.kind, tt.seq)
				}
			})
		})
	}
}

// TestAuditTablesAreAppendOnly checks that each statement is refused by
// the append-only guard itself: every statement would succeed without it
// (real columns, rows present), and the error must name the guard.
func TestAuditTablesAreAppendOnly(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		w := newAuditWriter(t, e.db, newAuditSigner(t), 1)
		if err := w.Record(ctx, auditEntry(0)); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			`UPDATE audit_log SET user_id = 'x'`, `DELETE FROM audit_log`,
			`UPDATE audit_subjects SET citizen_id = 'x'`, `DELETE FROM audit_subjects`,
			`UPDATE audit_checkpoints SET hash = 'x'`, `DELETE FROM audit_checkpoints`,
			`UPDATE audit_keys SET public_key = 'x'`, `DELETE FROM audit_keys`,
		} {
			_, err := e.db.AuditSQL().Exec(q)
			if err == nil || !strings.Contains(err.Error(), "append-only") {
				t.Errorf("%s: not refused by the append-only guard: %v", q, err)
			}
		}
		// A change's entry waits in the register as an intent: never edited.
		if _, err := e.db.SQL().Exec(`INSERT INTO audit_intents (entry) VALUES ($1)`, audit.Canonical(auditEntry(1).Normalize())); err != nil {
			t.Fatal(err)
		}
		if _, err := e.db.SQL().Exec(`UPDATE audit_intents SET entry = entry`); err == nil || !strings.Contains(err.Error(), "append-only") {
			t.Errorf("UPDATE audit_intents: not refused by the append-only guard: %v", err)
		}
		keys, err := e.db.AuditLog().AuditKeys(ctx)
		if err != nil || len(keys) != 1 {
			t.Fatalf("keys %d, %v", len(keys), err)
		}
	})
}
