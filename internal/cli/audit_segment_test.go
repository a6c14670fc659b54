package cli

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
)

// recordEntries writes n read entries through a writer that checkpoints
// every 4 and on close.
func recordEntries(t *testing.T, db *sqlstore.DB, keys string, from, n int) {
	t.Helper()
	key, err := audit.LoadOrCreateKey(filepath.Join(keys, auditKeyName))
	if err != nil {
		t.Fatal(err)
	}
	w, err := audit.NewWriter(context.Background(), audit.WriterConfig{Store: db.AuditLog(), Signer: audit.NewSigner(key), CheckpointEvery: 4, CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := from; i < from+n; i++ {
		if err := w.Record(context.Background(), audit.Entry{Time: time.Now(), Action: "citizen.read", UserID: "u1", Username: "xa.thanhsen",
			CitizenIDs: []string{fmt.Sprint("c", i)}, Result: "ok"}); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
}

// TestAuditSegmentsExportAndVerify seals the log in two segments with
// `dancu audit export`, verifies them offline with `dancu audit verify
// --segment` (the second as the continuation of the first), and checks
// that an entry edited in the archived file fails naming its seq, and that
// segments out of order do not link. On both engines.
func TestAuditSegmentsExportAndVerify(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			dir := t.TempDir()
			dsn := pgtest.DSN(t, engine, filepath.Join(dir, "a.db"))
			keys := filepath.Join(dir, "keys")
			db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			recordEntries(t, db, keys, 0, 6)
			mid := time.Now().Add(time.Millisecond).Format(time.RFC3339Nano)
			time.Sleep(5 * time.Millisecond)
			recordEntries(t, db, keys, 6, 7)

			pub := filepath.Join(dir, "pub.pem")
			if err := os.WriteFile(pub, []byte(mustRun(t, "audit", "public-key", "--db", dsn, "--keys", keys)), 0o600); err != nil {
				t.Fatal(err)
			}
			first, second := filepath.Join(dir, "seg-1.txt"), filepath.Join(dir, "seg-2.txt")
			out := mustRun(t, "audit", "export", "--db", dsn, "--keys", keys, "--public-key", pub, "--until", mid, "--out", first)
			if !strings.Contains(out, "entries 1 to 6 (6)") {
				t.Fatalf("first export: %s", out)
			}
			out = mustRun(t, "audit", "export", "--db", dsn, "--keys", keys, "--public-key", pub, "--previous", first,
				"--until", time.Now().Add(time.Minute).Format(time.RFC3339), "--out", second)
			// The first export's own entry (14) is sealed in the second.
			if !strings.Contains(out, "entries 7 to 14 (8)") {
				t.Fatalf("second export: %s", out)
			}
			if q := mustRun(t, "audit", "query", "--db", dsn, "--limit", "3"); !strings.Contains(q, "audit.export") || !strings.Contains(q, "sealed segment of entries 1 to 6, SHA-256 "+fileSHA256(t, first)) {
				t.Errorf("the export is not in the log with its file's hash:\n%s", q)
			}
			if fi, err := os.Stat(second); err != nil || fi.Mode().Perm() != 0o600 {
				t.Fatalf("segment file mode: %v %v", fi.Mode(), err)
			}
			if _, errOut, code := run(t, "audit", "export", "--db", dsn, "--keys", keys, "--public-key", pub, "--until", mid, "--out", first); code == 0 || !strings.Contains(errOut, "exists") {
				t.Errorf("an export over an existing file: code %d, %s", code, errOut)
			}
			out = mustRun(t, "audit", "verify", "--segment", second, "--previous", first, "--public-key", pub)
			if !strings.Contains(out, "sealed segment intact: entries 7 to 14") || !strings.Contains(out, "it continues") {
				t.Errorf("verify of the second segment: %s", out)
			}

			tampered := filepath.Join(dir, "seg-2-tampered.txt")
			writeTampered(t, second, tampered, 9)
			for _, tc := range []struct {
				name string
				args []string
				want string
			}{
				{"an entry edited", []string{"--segment", tampered}, "at seq 9: edited"},
				{"out of order", []string{"--segment", first, "--previous", second}, "not consecutive"},
				{"without the key", []string{"--segment", second, "--public-key", ""}, "give --public-key"},
			} {
				args := append([]string{"audit", "verify", "--public-key", pub}, tc.args...)
				if _, errOut, code := run(t, args...); code == 0 || !strings.Contains(errOut, tc.want) {
					t.Errorf("%s: code %d, %q; want a failure saying %q", tc.name, code, errOut, tc.want)
				}
			}
		})
	}
}

// writeTampered copies a segment with the entry at seq read by another
// officer, its chain hash left as it was.
func writeTampered(t *testing.T, from, to string, seq int) {
	t.Helper()
	b, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(b), "\n")
	for i, l := range lines {
		f := strings.Fields(l)
		if len(f) != 4 || f[0] != "entry" || f[1] != fmt.Sprint(seq) {
			continue
		}
		raw, _ := base64.RawURLEncoding.DecodeString(f[3])
		e, err := audit.ParseCanonical(raw)
		if err != nil {
			t.Fatal(err)
		}
		e.Username = "someone.else"
		f[3] = base64.RawURLEncoding.EncodeToString(audit.Canonical(e))
		lines[i] = strings.Join(f, " ")
	}
	if err := os.WriteFile(to, []byte(strings.Join(lines, "\n")), 0o600); err != nil {
		t.Fatal(err)
	}
}

func fileSHA256(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%x", sha256.Sum256(b))
}
