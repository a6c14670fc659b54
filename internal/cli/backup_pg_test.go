package cli

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"dancu/internal/pgserver"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

// pgBackRestRig is a throwaway PostgreSQL that archives its WAL into a
// pgBackRest repository of its own.
type pgBackRestRig struct {
	server *pgserver.Server
	conf   string
}

func requireTool(t *testing.T, name string) {
	t.Helper()
	if _, err := exec.LookPath(name); err != nil {
		if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
			t.Fatalf("%s is required in CI: %v", name, err)
		}
		t.Skipf("%s not installed: %v", name, err)
	}
}

func startPgBackRest(t *testing.T) pgBackRestRig {
	t.Helper()
	requireTool(t, "pgbackrest")
	dir, err := os.MkdirTemp("", "dancu-pgbackrest-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	conf := filepath.Join(dir, "pgbackrest.conf")
	archive := fmt.Sprintf(`-c archive_mode=on -c "archive_command=pgbackrest --config=%s --stanza=dancu archive-push %%p"`, conf)
	s, err := pgserver.StartWith(archive)
	if err != nil {
		t.Skipf("PostgreSQL not available: %v", err)
	}
	t.Cleanup(func() { s.Stop() })
	text := fmt.Sprintf("[global]\nrepo1-path=%s/repo\nlog-path=%s\nlock-path=%s\nlog-level-console=warn\nlog-level-file=off\nstart-fast=y\n\n[dancu]\npg1-path=%s\npg1-port=%d\npg1-socket-path=%s\npg1-user=postgres\n",
		dir, dir, dir, s.DataDir(), s.Port, s.Dir)
	if err := os.WriteFile(conf, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := pgserver.GiveToPostgres(dir); err != nil {
		t.Fatal(err)
	}
	r := pgBackRestRig{server: s, conf: conf}
	r.pgbackrest(t, "stanza-create")
	return r
}

func (r pgBackRestRig) flags() []string {
	return []string{"--pgbackrest-stanza", "dancu", "--pgbackrest-config", r.conf, "--pgbackrest-as", pgAccount()}
}

// pgAccount is who runs pgBackRest: the server's owner.
func pgAccount() string {
	if os.Geteuid() == 0 {
		return "postgres"
	}
	return ""
}

func (r pgBackRestRig) pgbackrest(t *testing.T, args ...string) {
	t.Helper()
	all := append([]string{"--config=" + r.conf, "--stanza=dancu"}, args...)
	cmd := exec.Command("pgbackrest", all...)
	if as := pgAccount(); as != "" {
		cmd = exec.Command("runuser", append([]string{"-u", as, "--", "pgbackrest"}, all...)...)
	}
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("pgbackrest %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

func serverNow(t *testing.T, dsn string) string {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var now string
	if err := db.QueryRow(`SELECT to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US') || '+00'`).Scan(&now); err != nil {
		t.Fatal(err)
	}
	return now
}

// waitPromoted waits until the restored server has replayed to its
// target and left recovery.
func waitPromoted(t *testing.T, dsn string) {
	t.Helper()
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		var inRecovery bool
		if err := db.QueryRow(`SELECT pg_is_in_recovery()`).Scan(&inRecovery); err == nil && !inRecovery {
			return
		}
	}
	t.Fatal("the restored server did not leave recovery in 2 minutes")
}

// TestPostgresPointInTimeRestore: a workload, a pgBackRest full backup,
// more writes, a point in time, more writes; restored to that point,
// exactly the versions written before it exist. The audit log, rolled
// back with the register, fails against the head published before the
// restore until `dancu audit record-restore` signs what was lost.
func TestPostgresPointInTimeRestore(t *testing.T) {
	rig := startPgBackRest(t)
	dsn, err := rig.server.CreateDatabase("register")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	flags := []string{"--db", dsn, "--data", filepath.Join(dir, "data"), "--keys", filepath.Join(dir, "keys")}
	dancu := func(args ...string) string { return strings.TrimSpace(mustRun(t, append(args, flags...)...)) }

	a, b, c := newID(), newID(), newID()
	withRegister(t, dsn, func(_ *sqlstore.DB, reg *registry.Service) {
		if _, err := reg.Create(context.Background(), restoreCitizen(a, "042090000123", "Nguyễn Văn Hùng"), restoreMeta); err != nil {
			t.Fatal(err)
		}
		rename(t, reg, a, "Nguyễn Văn Hưng")
	})
	dancu("audit", "checkpoint")
	dancu(append([]string{"backup"}, rig.flags()...)...)
	// pgBackRest keeps a backup's stop time to the second, and a
	// point-in-time restore needs a backup that stopped before its
	// target: on a quiet machine the target came within the same second
	// and no backup qualified.
	time.Sleep(2 * time.Second)

	withRegister(t, dsn, func(_ *sqlstore.DB, reg *registry.Service) {
		rename(t, reg, a, "Nguyễn Văn Hải")
		if _, err := reg.Create(context.Background(), restoreCitizen(b, "042090000456", "Trần Thị Lan"), restoreMeta); err != nil {
			t.Fatal(err)
		}
	})
	target := serverNow(t, dsn)
	time.Sleep(50 * time.Millisecond)
	withRegister(t, dsn, func(_ *sqlstore.DB, reg *registry.Service) {
		rename(t, reg, a, "Nguyễn Văn Hà")
		if _, err := reg.Create(context.Background(), restoreCitizen(c, "042090000789", "Lê Văn Tám"), restoreMeta); err != nil {
			t.Fatal(err)
		}
	})
	dancu("audit", "checkpoint")
	lost := dancu("audit", "head")
	pub := filepath.Join(dir, "audit.pub")
	if err := os.WriteFile(pub, []byte(dancu("audit", "public-key")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	rig.pgbackrest(t, "check") // switches WAL and waits until it is archived

	if err := rig.server.Halt(); err != nil {
		t.Fatal(err)
	}
	dancu(append([]string{"restore", "--target-time", target}, rig.flags()...)...)
	if err := rig.server.Resume(); err != nil {
		t.Fatal(err)
	}
	waitPromoted(t, dsn)

	withRegister(t, dsn, func(db *sqlstore.DB, _ *registry.Service) {
		if got, want := versions(t, db, a, b, c), map[string][]int{a: {1, 2, 3}, b: {1}, c: nil}; !reflect.DeepEqual(got, want) {
			t.Errorf("versions after restoring to %s: %v, want %v", target, got, want)
		}
	})
	verify := append([]string{"audit", "verify", "--public-key", pub, "--trusted-head", lost}, flags...)
	if out, errOut, code := run(t, verify...); code == 0 {
		t.Fatalf("verify passed on the rolled-back log before the restore was recorded:\n%s%s", out, errOut)
	}
	out := dancu("audit", "record-restore", "--reason", "restored to before a faulty batch", "--backup", "full", "--last-head", lost)
	if !strings.Contains(out, "were lost") {
		t.Errorf("record-restore output: %s", out)
	}
	if out := dancu(verify[:6]...); !strings.Contains(out, "audit log intact") {
		t.Errorf("verify after the recorded restore: %s", out)
	}
}
