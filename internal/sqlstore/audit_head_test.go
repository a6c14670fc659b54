package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"strings"
	"testing"

	"dancu/internal/audit"
)

// TestAuditTrustedHeadDetectsCutAndFork protects the audit log's tail on
// both engines: an attacker with write access deletes the entries and
// checkpoints after seq 6, which leaves a log that verifies on its own;
// verified against the head an auditor kept at seq 10 it is Truncated.
// Regrown past the head (a fork), it is Forked.
func TestAuditTrustedHeadDetectsCutAndFork(t *testing.T) {
	for _, tt := range []struct {
		name    string
		regrow  int
		seq     int64
		kind    audit.ProblemKind
		message string
	}{
		{"tail cut", 0, 7, audit.Truncated, "covers seq 10 but the log ends at 6"},
		{"tail cut and regrown", 6, 10, audit.Forked, "differs from the trusted head"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			eachEngine(t, func(t *testing.T, e engine) {
				ctx := context.Background()
				s := newAuditSigner(t)
				keys := []ed25519.PublicKey{s.Public()}
				w := newAuditWriter(t, e.db, s, 4)
				for i := range 10 {
					if err := w.Record(ctx, auditEntry(i)); err != nil {
						t.Fatal(err)
					}
				}
				if err := w.Close(); err != nil {
					t.Fatal(err)
				}
				rep, err := audit.Verify(ctx, e.db.AuditLog(), keys)
				if err != nil || rep.Problem != nil || rep.Head == nil || rep.Head.Seq != 10 {
					t.Fatalf("before the cut: %+v %v", rep, err)
				}
				kept, err := audit.ParseSignedHead(rep.Head.String()) // as the auditor keeps it: a line of text
				if err != nil {
					t.Fatal(err)
				}

				untrigger(t, e)
				mustExecAudit(t, e, `DELETE FROM audit_subjects WHERE seq > 6`, `DELETE FROM audit_log WHERE seq > 6`, `DELETE FROM audit_checkpoints WHERE seq > 6`)
				if tt.regrow > 0 {
					w := newAuditWriter(t, e.db, s, 4)
					for i := range tt.regrow {
						if err := w.Record(ctx, auditEntry(100+i)); err != nil {
							t.Fatal(err)
						}
					}
					if err := w.Close(); err != nil {
						t.Fatal(err)
					}
				}
				if rep, err := audit.Verify(ctx, e.db.AuditLog(), keys); err != nil || rep.Problem != nil {
					t.Fatalf("the changed log should pass without a kept head (that is the attack): %+v %v", rep, err)
				}
				rep, err = audit.VerifyAgainst(ctx, e.db.AuditLog(), keys, []audit.Checkpoint{kept})
				if err != nil {
					t.Fatal(err)
				}
				if p := rep.Problem; p == nil || p.Seq != tt.seq || p.Kind != tt.kind || !strings.Contains(p.Error(), tt.message) {
					t.Fatalf("problem %v, want %s at %d saying %q", p, tt.kind, tt.seq, tt.message)
				}
			})
		})
	}
}
