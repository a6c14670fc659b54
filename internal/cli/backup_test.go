package cli

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

var restoreMeta = registry.ChangeMeta{Actor: "officer:42-001", Reason: "backup test"}

func restoreCitizen(id, number, name string) registry.Citizen {
	return registry.Citizen{ID: id, IDNumber: number, FullName: name, BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
		Status: registry.Alive, Nationality: "VN", Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}}
}

// withRegister runs fn on the register at dsn and closes it, as one
// process of the workload.
func withRegister(t *testing.T, dsn string, fn func(db *sqlstore.DB, reg *registry.Service)) {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	fn(db, wire.Register(db))
}

// rename is an officer's audited correction.
func rename(t *testing.T, reg *registry.Service, id, name string) {
	t.Helper()
	ctx := context.Background()
	cur, err := reg.Store().Citizen(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	officer := auth.User{Username: "xa.thanhsen", Role: auth.RoleProvince, Unit: "42"}
	req := registry.Correction{ID: id, Version: cur.Version, Reason: "tờ khai sửa tên",
		Apply: func(c *registry.Citizen) error { c.FullName = name; return nil }}
	if _, err := reg.Correct(ctx, officer, req, audit.Entry{Username: officer.Username, Role: string(officer.Role), Unit: officer.Unit}); err != nil {
		t.Fatal(err)
	}
}

// versions lists the stored version numbers of each id ("absent" when
// the register does not hold it).
func versions(t *testing.T, db *sqlstore.DB, ids ...string) map[string][]int {
	t.Helper()
	out := map[string][]int{}
	for _, id := range ids {
		h, err := db.Citizens().History(context.Background(), id)
		if apperr.Is(err, apperr.NotFound) {
			out[id] = nil
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range h {
			out[id] = append(out[id], v.Number)
		}
	}
	return out
}

func headSeq(t *testing.T, line string) int64 {
	t.Helper()
	c, err := audit.ParseSignedHead(line)
	if err != nil {
		t.Fatalf("head %q: %v", line, err)
	}
	return c.Seq
}

// TestSQLiteBackupRestore: a workload, a backup, more writes, a restore.
// Exactly the versions of the backup exist afterwards, the blobs come
// back, the new published head stands before the lost one, and the audit
// log verifies against the lost head because the restore entry says so.
func TestSQLiteBackupRestore(t *testing.T) {
	dir := t.TempDir()
	data, keys := filepath.Join(dir, "data"), filepath.Join(dir, "keys")
	dsn := "sqlite:" + filepath.Join(data, dbFileName)
	flags := []string{"--data", data, "--keys", keys}
	dancu := func(args ...string) string { return strings.TrimSpace(mustRun(t, append(args, flags...)...)) }
	if err := os.MkdirAll(filepath.Join(data, "blobs"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(data, "blobs", "capture-1"), []byte("sealed"), 0o600); err != nil {
		t.Fatal(err)
	}
	a, b := newID(), newID()
	withRegister(t, dsn, func(_ *sqlstore.DB, reg *registry.Service) {
		if _, err := reg.Create(context.Background(), restoreCitizen(a, "042090000123", "Nguyễn Văn Hùng"), restoreMeta); err != nil {
			t.Fatal(err)
		}
		rename(t, reg, a, "Nguyễn Văn Hưng")
	})
	dancu("audit", "checkpoint")
	bk := filepath.Join(dir, "backup")
	dancu("backup", "--to", bk)
	for _, f := range []string{dbFileName, backupAuditName, manifestName, "blobs/capture-1"} {
		if st, err := os.Stat(filepath.Join(bk, f)); err != nil || st.Mode().Perm() != 0o600 {
			t.Errorf("backup file %s: %v, mode %v; want 0600", f, err, st.Mode().Perm())
		}
	}

	withRegister(t, dsn, func(_ *sqlstore.DB, reg *registry.Service) {
		rename(t, reg, a, "Nguyễn Văn Hải")
		rename(t, reg, a, "Nguyễn Văn Hà")
		if _, err := reg.Create(context.Background(), restoreCitizen(b, "042090000456", "Trần Thị Lan"), restoreMeta); err != nil {
			t.Fatal(err)
		}
	})
	os.Remove(filepath.Join(data, "blobs", "capture-1"))
	dancu("audit", "checkpoint")
	lost := dancu("audit", "head")

	out := dancu("restore", "--from", bk, "--reason", "operator error: test rollback", "--last-head", lost)
	newHead := ""
	for _, line := range strings.Split(out, "\n") {
		if audit.IsSignedHead(line) {
			newHead = line
		}
	}
	if newHead == "" || headSeq(t, newHead) >= headSeq(t, lost) {
		t.Errorf("the head published after the restore (%q) does not stand before the lost one (%q)", newHead, lost)
	}
	withRegister(t, dsn, func(db *sqlstore.DB, _ *registry.Service) {
		if got, want := versions(t, db, a, b), map[string][]int{a: {1, 2}, b: nil}; !reflect.DeepEqual(got, want) {
			t.Errorf("versions after restore %v, want %v", got, want)
		}
	})
	if _, err := os.Stat(filepath.Join(data, "blobs", "capture-1")); err != nil {
		t.Errorf("the blob was not restored: %v", err)
	}
	pub := filepath.Join(dir, "audit.pub")
	if err := os.WriteFile(pub, []byte(dancu("audit", "public-key")+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if out := dancu("audit", "verify", "--public-key", pub, "--trusted-head", lost); !strings.Contains(out, "audit log intact") {
		t.Errorf("verify after the recorded restore: %s", out)
	}
}
