package cli

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// TestAuditHeadDetectsCutTail is the auditor's defence against a cut
// tail, through the command line: `dancu audit head` gives a line to keep;
// after the entries and checkpoints past seq 6 are deleted, plain verify
// still says intact, and verify with the kept head (as a file or as the
// value) fails naming the cut.
func TestAuditHeadDetectsCutTail(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "a.db")
	keys := filepath.Join(dir, "keys")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	key, err := audit.LoadOrCreateKey(filepath.Join(keys, auditKeyName))
	if err != nil {
		t.Fatal(err)
	}
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Signer: audit.NewSigner(key), CheckpointEvery: 4, CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 10 {
		if err := w.Record(ctx, audit.Entry{Time: time.Now(), Action: "citizen.read", UserID: "u1", Username: "xa.thanhsen",
			CitizenIDs: []string{fmt.Sprint("c", i)}, Result: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	pub := filepath.Join(dir, "pub.pem")
	if err := os.WriteFile(pub, []byte(mustRun(t, "audit", "public-key", "--db", dsn, "--keys", keys)), 0o600); err != nil {
		t.Fatal(err)
	}
	head := mustRun(t, "audit", "head", "--db", dsn, "--public-key", pub)
	if !strings.HasPrefix(head, "dancu-audit-head v1 seq=10 ") {
		t.Fatalf("audit head printed %q", head)
	}
	headFile := filepath.Join(dir, "heads.txt")
	if err := os.WriteFile(headFile, []byte("# kept by the inspectorate\n"+head), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "audit", "verify", "--db", dsn, "--public-key", pub, "--trusted-head", headFile); !strings.Contains(out, "extends all 1 trusted heads") {
		t.Errorf("verify with the head of an intact log: %s", out)
	}

	for _, stmt := range []string{`DROP TRIGGER audit_log_no_delete`, `DROP TRIGGER audit_subjects_no_delete`, `DROP TRIGGER audit_checkpoints_no_delete`,
		`DELETE FROM audit_subjects WHERE seq > 6`, `DELETE FROM audit_log WHERE seq > 6`, `DELETE FROM audit_checkpoints WHERE seq > 6`} {
		if _, err := db.AuditSQL().Exec(stmt); err != nil {
			t.Fatalf("%s: %v", stmt, err)
		}
	}
	if out := mustRun(t, "audit", "verify", "--db", dsn, "--public-key", pub); !strings.Contains(out, "intact: 6 entries") {
		t.Fatalf("the cut log without a kept head: %s", out)
	}
	for _, arg := range []string{headFile, strings.TrimSpace(head)} {
		_, errOut, code := run(t, "audit", "verify", "--db", dsn, "--public-key", pub, "--trusted-head", arg)
		if code == 0 || !strings.Contains(errOut, "at seq 7: truncated") || !strings.Contains(errOut, "covers seq 10 but the log ends at 6") {
			t.Errorf("verify --trusted-head %.30s… of a cut log: exit %d, %s", arg, code, errOut)
		}
	}
	if _, errOut, code := run(t, "audit", "verify", "--db", dsn, "--trusted-head", filepath.Join(dir, "none.txt")); code == 0 || !strings.Contains(errOut, "neither a signed head nor a readable file") {
		t.Errorf("a missing head file: exit %d, %s", code, errOut)
	}
}

// TestServerPublishesCheckpointHeads protects the copies of the heads
// outside the database: a server logs each checkpoint's signed head and
// posts it to the --audit-witness URL, the last one (signed at shutdown)
// included.
func TestServerPublishesCheckpointHeads(t *testing.T) {
	var mu sync.Mutex
	var received []string
	witness := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		received = append(received, strings.TrimSpace(string(b)))
		mu.Unlock()
	}))
	defer witness.Close()
	dir := t.TempDir()
	var logs bytes.Buffer
	a := &app{out: io.Discard, errOut: io.Discard, log: quietLogger(io.Discard), keys: filepath.Join(dir, "keys"),
		db: "sqlite:" + filepath.Join(dir, "w.db"), auditWitness: witness.URL}
	a.logFormat, a.logLevel, a.errOut = "text", "info", &logs
	if err := a.setupLogging(); err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, a.db, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	publish, stop, err := a.publishHeads()
	if err != nil {
		t.Fatal(err)
	}
	w, closeLog, err := a.openAuditor(ctx, db, publish)
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Record(ctx, audit.Entry{Time: time.Now(), Action: "citizen.read", UserID: "u1", Username: "x", CitizenIDs: []string{"c1"}, Result: "ok"}); err != nil {
		t.Fatal(err)
	}
	closeLog()
	stop()
	cps, err := db.AuditLog().AuditCheckpoints(ctx)
	if err != nil || len(cps) == 0 {
		t.Fatalf("no checkpoint stored: %v", err)
	}
	last := cps[len(cps)-1].String()
	mu.Lock()
	defer mu.Unlock()
	if len(received) == 0 || received[len(received)-1] != last {
		t.Errorf("the witness received %q, want the last head %q", received, last)
	}
	if !strings.Contains(logs.String(), "audit checkpoint") || !strings.Contains(logs.String(), last) {
		t.Errorf("the service log lacks the head %q:\n%s", last, logs.String())
	}
}
