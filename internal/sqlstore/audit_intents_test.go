package sqlstore_test

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/sqlstore"
)

// chainCount counts the entries stored on the chain, without the readers'
// move of pending intents.
func chainCount(t *testing.T, db *sqlstore.DB) int {
	t.Helper()
	var n int
	if err := db.AuditSQL().QueryRow(`SELECT count(*) FROM audit_log`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// appendInChange records e inside a change's transaction; fail rolls the
// change back after the entry was written.
func appendInChange(db *sqlstore.DB, e audit.Entry, fail bool) error {
	return db.InTx(context.Background(), func(ctx context.Context) error {
		if err := audit.AppendWithin(ctx, db.AuditLog(), e); err != nil {
			return err
		}
		if fail {
			return errors.New("the change fails")
		}
		return nil
	})
}

// TestChangeEntriesMoveOntoTheChain protects the entry of a change: it
// commits with the change (and only then), reaches the chain without any
// reader asking, interleaves with the group commits of reads, and the
// whole log verifies.
func TestChangeEntriesMoveOntoTheChain(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		s := newAuditSigner(t)
		w := newAuditWriter(t, e.db, s, 5)
		if err := appendInChange(e.db, auditEntry(100), true); err == nil {
			t.Fatal("the failing change committed")
		}
		for i := range 20 {
			if err := w.Record(ctx, auditEntry(i)); err != nil {
				t.Fatal(err)
			}
			if i%4 == 0 {
				if err := appendInChange(e.db, auditEntry(200+i), false); err != nil {
					t.Fatal(err)
				}
			}
		}
		// The mover, woken by the commits, brings the chain to 25 entries.
		deadline := time.Now().Add(10 * time.Second)
		for chainCount(t, e.db) < 25 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		if n := chainCount(t, e.db); n != 25 {
			t.Fatalf("%d entries on the chain, want 25 (20 reads, 5 changes)", n)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		rep, err := audit.Verify(ctx, e.db.AuditLog(), []ed25519.PublicKey{s.Public()})
		if err != nil || rep.Problem != nil || rep.Entries != 25 || rep.LastCheckpoint != 25 {
			t.Fatalf("verify: %+v %v", rep, err)
		}
		recs, err := e.db.AuditLog().AuditRecords(ctx, 0, 100)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, r := range recs {
			seen[r.Entry.RequestID]++
		}
		if seen["req-100"] != 0 {
			t.Error("the rolled-back change's entry is on the chain")
		}
		for i := 0; i < 20; i += 4 {
			if id := fmt.Sprint("req-", 200+i); seen[id] != 1 {
				t.Errorf("%s is on the chain %d times, want once", id, seen[id])
			}
		}
	})
}

// TestAuditIntentsMoveOnceAcrossProcesses runs two stores on one database,
// as `dancu serve` and `dancu import` do: both move intents, and each
// change's entry lands on the chain exactly once.
func TestAuditIntentsMoveOnceAcrossProcesses(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		other := reopen(t, e.db)
		const n = 40
		for i := range n {
			db := e.db
			if i%2 == 1 {
				db = other
			}
			if err := appendInChange(db, auditEntry(i), false); err != nil {
				t.Fatal(err)
			}
			if i%7 == 0 {
				if err := other.AuditLog().MoveIntents(ctx); err != nil {
					t.Fatal(err)
				}
			}
		}
		recs, err := e.db.AuditLog().AuditRecords(ctx, 0, 1000)
		if err != nil {
			t.Fatal(err)
		}
		seen := map[string]int{}
		for _, r := range recs {
			seen[r.Entry.RequestID]++
		}
		for i := range n {
			if id := fmt.Sprint("req-", i); seen[id] != 1 {
				t.Errorf("%s is on the chain %d times, want once", id, seen[id])
			}
		}
		if rep, err := audit.Verify(ctx, e.db.AuditLog(), nil); err != nil || rep.Problem != nil || rep.Entries != n {
			t.Fatalf("verify: %+v %v", rep, err)
		}
	})
}

// reopen opens a second store on db's database (what another process
// would do).
func reopen(t *testing.T, db *sqlstore.DB) *sqlstore.DB {
	t.Helper()
	dsn := dsnOf(t, db)
	other, err := sqlstore.Open(ctx, dsn, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { other.Close() })
	return other
}

// dsnOf finds the DSN a test store was opened with.
func dsnOf(t *testing.T, db *sqlstore.DB) string {
	t.Helper()
	if db.Engine() == "postgres" {
		var name string
		var port int
		if err := db.SQL().QueryRow(`SELECT current_database(), inet_server_port()`).Scan(&name, &port); err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("postgres://postgres@127.0.0.1:%d/%s?sslmode=disable", port, name)
	}
	var seq int
	var schema, file string
	if err := db.SQL().QueryRow(`PRAGMA database_list`).Scan(&seq, &schema, &file); err != nil {
		t.Fatal(err)
	}
	return "sqlite:" + file
}

// TestSQLiteAuditLivesInItsOwnFile protects the layout and durability of
// the two SQLite files: reads' entries go to NAME.audit.db (0600), not to
// the register, and both files sync at commit (synchronous=FULL).
func TestSQLiteAuditLivesInItsOwnFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w := newAuditWriter(t, db, newAuditSigner(t), 100)
	for i := range 10 {
		if err := w.Record(ctx, auditEntry(i)); err != nil {
			t.Fatal(err)
		}
	}
	st, err := os.Stat(filepath.Join(filepath.Dir(path), "dancu.audit.db"))
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("audit file mode %v, want 0600", st.Mode().Perm())
	}
	for name, h := range map[string]*sql.DB{"register": db.SQL(), "audit file": db.AuditSQL()} {
		var sync int
		if err := h.QueryRow(`PRAGMA synchronous`).Scan(&sync); err != nil {
			t.Fatal(err)
		}
		if sync != 2 {
			t.Errorf("%s: synchronous = %d, want 2 (FULL)", name, sync)
		}
	}
	var inRegister int
	if err := db.SQL().QueryRow(`SELECT count(*) FROM audit_log`).Scan(&inRegister); err != nil {
		t.Fatal(err)
	}
	if inRegister != 0 || chainCount(t, db) != 10 {
		t.Errorf("%d entries in the register, %d in the audit file; want 0 and 10", inRegister, chainCount(t, db))
	}
	commits, entries := db.AuditChainStats()
	if commits < 1 || entries != 10 {
		t.Errorf("chain stats: %d commits, %d entries", commits, entries)
	}
	// The append connection commits without fsync; the chain fsyncs the
	// WAL itself, at least once per few commits (the writer's syncer) and
	// once per durable append.
	syncs := db.AuditSyncs()
	if syncs < 1 || syncs > commits+1 {
		t.Errorf("%d fsyncs of the audit WAL for %d commits", syncs, commits)
	}
	if err := audit.AppendWithin(ctx, db.AuditLog(), auditEntry(99)); err != nil {
		t.Fatal(err)
	}
	if db.AuditSyncs() != syncs+1 {
		t.Errorf("a durable append made %d fsyncs of the WAL, want 1", db.AuditSyncs()-syncs)
	}
}

// TestSQLiteChainInTheRegisterIsCarriedOver protects registers written
// before the chain had its own file: their chain is copied into the new
// file and continues there, verifiable end to end.
func TestSQLiteChainInTheRegisterIsCarriedOver(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dancu.db")
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	s := newAuditSigner(t)
	w := newAuditWriter(t, db, s, 2)
	for i := range 5 {
		if err := w.Record(ctx, auditEntry(i)); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	// The old layout: the chain in the register's own tables.
	if _, err := db.SQL().Exec(`ATTACH DATABASE $1 AS a`, sqlstore.AuditFilePath(path)); err != nil {
		t.Fatal(err)
	}
	for _, table := range []string{"audit_log", "audit_subjects", "audit_checkpoints", "audit_keys"} {
		if _, err := db.SQL().Exec(`INSERT INTO main.` + table + ` SELECT * FROM a.` + table); err != nil {
			t.Fatal(err)
		}
	}
	db.SQL().Exec(`DETACH DATABASE a`)
	db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(sqlstore.AuditFilePath(path) + suffix)
	}

	db, err = sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	w = newAuditWriter(t, db, s, 2)
	if err := w.Record(ctx, auditEntry(5)); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	rep, err := audit.Verify(ctx, db.AuditLog(), []ed25519.PublicKey{s.Public()})
	if err != nil || rep.Problem != nil || rep.Entries != 6 || rep.LastCheckpoint != 6 {
		t.Fatalf("verify after the carry-over: %+v %v", rep, err)
	}
}

// TestSQLiteAuditFileOfAnotherRegisterIsRefused protects the chain from a
// register recreated beside an old audit file: the new register's
// intents would be skipped as already moved.
func TestSQLiteAuditFileOfAnotherRegisterIsRefused(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "dancu.db")
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	if db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{}); err == nil {
		db.Close()
		t.Fatal("a new register opened with the audit file of the one before")
	} else if !strings.Contains(err.Error(), "another register") {
		t.Fatalf("error %v, want one naming another register", err)
	}
}

// TestSQLiteAuditFileOfTheFirstLayoutIsBound opens an audit file written
// before files were bound to their register: it is bound on first open.
func TestSQLiteAuditFileOfTheFirstLayoutIsBound(t *testing.T) {
	path := filepath.Join(t.TempDir(), "dancu.db")
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	mustRaw(t, db.AuditSQL(), `DROP TABLE audit_register`, `PRAGMA user_version = 1`)
	db.Close()
	db, err = sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var n int
	if err := db.AuditSQL().QueryRow(`SELECT count(*) FROM audit_register`).Scan(&n); err != nil || n != 1 {
		t.Fatalf("audit_register rows %d, %v", n, err)
	}
}

// TestSQLiteAuditFileIsReindexedBySpan opens audit files of versions 3
// (the tracker index keyed by citizen alone) and 4 (by spans of 65,536
// entries): on first open the index is replaced by the current one.
func TestSQLiteAuditFileIsReindexedBySpan(t *testing.T) {
	for _, tc := range []struct {
		version int
		old     []string
	}{
		{3, []string{`DROP INDEX audit_subjects_span_citizen`, `CREATE INDEX audit_subjects_citizen ON audit_subjects (citizen_id, seq)`}},
		{4, []string{`DROP INDEX audit_subjects_span_citizen`, `CREATE INDEX audit_subjects_span_citizen ON audit_subjects (seq >> 16, citizen_id, seq)`}},
	} {
		t.Run(fmt.Sprint("version ", tc.version), func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "dancu.db")
			db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			mustRaw(t, db.AuditSQL(), append(tc.old, fmt.Sprint(`PRAGMA user_version = `, tc.version))...)
			db.Close()
			db, err = sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			var indexes string
			if err := db.AuditSQL().QueryRow(`SELECT group_concat(name || ': ' || sql, '; ') FROM (SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'audit_subjects' AND sql IS NOT NULL ORDER BY name)`).Scan(&indexes); err != nil {
				t.Fatal(err)
			}
			if want := "audit_subjects_span_citizen: CREATE INDEX audit_subjects_span_citizen ON audit_subjects ((seq >> 12), citizen_id, seq)"; indexes != want {
				t.Errorf("audit_subjects' indexes after the upgrade: %q, want %q", indexes, want)
			}
			var version int
			if err := db.AuditSQL().QueryRow(`PRAGMA user_version`).Scan(&version); err != nil || version != 5 {
				t.Errorf("user_version %d, %v", version, err)
			}
		})
	}
}

func mustRaw(t *testing.T, db *sql.DB, stmts ...string) {
	t.Helper()
	for _, s := range stmts {
		if _, err := db.Exec(s); err != nil {
			t.Fatalf("%s: %v", s, err)
		}
	}
}
