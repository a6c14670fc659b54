package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"fmt"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

func newAuditSigner(tb testing.TB) *audit.Signer {
	tb.Helper()
	_, key, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		tb.Fatal(err)
	}
	return audit.NewSigner(key)
}

// newAuditWriter writes to db and checkpoints every `every` entries.
func newAuditWriter(tb testing.TB, db *sqlstore.DB, s *audit.Signer, every int) *audit.Writer {
	tb.Helper()
	w, err := audit.NewWriter(context.Background(), audit.WriterConfig{Store: db.AuditLog(), Signer: s,
		CheckpointEvery: every, CheckpointInterval: time.Hour})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { w.Close() })
	return w
}

// auditEntry is the i-th test entry: two citizens, odd ones confidential.
func auditEntry(i int) audit.Entry {
	return audit.Entry{Time: time.Date(2026, 1, 5, 8, 0, i, 1000, time.UTC), RequestID: fmt.Sprint("req-", i),
		UserID: fmt.Sprint("user-", i%3), Username: "xa.thanhsen", Role: "commune", Unit: "18073",
		Action: "citizen.read", Route: "GET /api/v1/citizens/{id}", CitizenIDs: []string{fmt.Sprint("c-", i), "c-all"},
		Fields: []string{"full_name", "phone"}, Purpose: "xác minh cư trú", LegalBasis: "Luật Cư trú 2020",
		Result: "ok", Confidential: i%2 == 1}
}

// untrigger drops the append-only guards, as an attacker with database
// access would, so a test can tamper with the log.
func untrigger(t *testing.T, e engine) {
	t.Helper()
	stmts := []string{`DROP TRIGGER audit_log_no_update`, `DROP TRIGGER audit_log_no_delete`,
		`DROP TRIGGER audit_subjects_no_update`, `DROP TRIGGER audit_subjects_no_delete`,
		`DROP TRIGGER audit_checkpoints_no_update`, `DROP TRIGGER audit_checkpoints_no_delete`}
	if e.db.Engine() == "postgres" {
		stmts = []string{`ALTER TABLE audit_log DISABLE TRIGGER USER`, `ALTER TABLE audit_subjects DISABLE TRIGGER USER`,
			`ALTER TABLE audit_checkpoints DISABLE TRIGGER USER`}
	}
	mustExecAudit(t, e, stmts...)
}

// mustExecAudit runs statements on the audit chain's tables (the audit
// file on SQLite).
func mustExecAudit(t *testing.T, e engine, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := e.db.AuditSQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

func mustExec(t *testing.T, e engine, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := e.db.SQL().Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}

// reencode rewrites the stored entry at seq with edit applied, keeping
// its hash: what an attacker who understands the format would do.
func reencode(t *testing.T, e engine, seq int64, edit func(*audit.Entry)) {
	t.Helper()
	var b []byte
	if err := e.db.AuditSQL().QueryRow(`SELECT entry FROM audit_log WHERE seq = $1`, seq).Scan(&b); err != nil {
		t.Fatal(err)
	}
	en, err := audit.ParseCanonical(b)
	if err != nil {
		t.Fatal(err)
	}
	edit(&en)
	if _, err := e.db.AuditSQL().Exec(`UPDATE audit_log SET entry = $1 WHERE seq = $2`, audit.Canonical(en), seq); err != nil {
		t.Fatal(err)
	}
}
