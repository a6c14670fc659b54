package cli

import (
	"context"
	"dancu/internal/wire"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/citizenauth"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

// TestAuditCommands writes a log as the server would, then checks verify
// (intact, then after a deletion), query, checkpoint and public-key.
func TestAuditCommands(t *testing.T) {
	dir := t.TempDir()
	t.Chdir(dir)
	path := filepath.Join(dir, "a.db")
	dsn := "sqlite:" + path
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	keys := filepath.Join(dir, "keys")
	key, err := audit.LoadOrCreateKey(filepath.Join(keys, auditKeyName)) // where serve keeps it
	if err != nil {
		t.Fatal(err)
	}
	w, err := audit.NewWriter(ctx, audit.WriterConfig{Store: db.AuditLog(), Signer: audit.NewSigner(key), CheckpointInterval: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		e := audit.Entry{Time: time.Now(), Action: "citizen.read", UserID: "u1", Username: "xa.thanhsen",
			CitizenIDs: []string{fmt.Sprint("c", i)}, Result: "ok"}
		if err := w.Record(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}

	pub := mustRun(t, "audit", "public-key", "--db", dsn, "--keys", keys)
	if err := os.WriteFile("pub.pem", []byte(pub), 0o644); err != nil {
		t.Fatal(err)
	}
	if out := mustRun(t, "audit", "verify", "--db", dsn, "--public-key", "pub.pem"); !strings.Contains(out, "intact: 5 entries") {
		t.Errorf("verify: %s", out)
	}
	if out := mustRun(t, "audit", "query", "--db", dsn, "--user", "u1", "--limit", "2", "--json"); strings.Count(out, "\n") != 2 {
		t.Errorf("query: %s", out)
	}
	mustRun(t, "audit", "checkpoint", "--db", dsn, "--keys", keys)

	if _, err := db.AuditSQL().Exec(`DROP TRIGGER audit_log_no_delete`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.AuditSQL().Exec(`DELETE FROM audit_log WHERE seq = 3`); err != nil {
		t.Fatal(err)
	}
	db.Close()
	_, errOut, code := run(t, "audit", "verify", "--db", dsn, "--public-key", "pub.pem")
	if code == 0 || !strings.Contains(errOut, "at seq 3: missing") {
		t.Errorf("verify after a deletion: exit %d, %s", code, errOut)
	}
}

func TestCitizenTokenCommand(t *testing.T) {
	dir := t.TempDir()
	dsn := "sqlite:" + filepath.Join(dir, "t.db")
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	c := registry.Citizen{ID: newID(), IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15),
		Sex: registry.Male, Status: registry.Alive, Ethnicity: "01", Nationality: "VN",
		Permanent: registry.Residence{Commune: "18073", Province: "42"}}
	if _, err := wire.Register(db).Create(ctx, c, registry.ChangeMeta{Actor: "test", Reason: "seed"}); err != nil {
		t.Fatal(err)
	}
	token := strings.TrimSpace(mustRun(t, "citizen", "token", "042090000123", "--ttl", "30m", "--db", dsn))
	if id, err := citizenauth.Authenticate(ctx, db.AuditLog(), token, time.Now()); err != nil || id != c.ID {
		t.Fatalf("token authenticates %q, %v", id, err)
	}
	if _, _, code := run(t, "citizen", "token", "042090000123", "--ttl", "1000h", "--db", dsn); code == 0 {
		t.Error("a token beyond the maximum lifetime was issued")
	}
}
