package sqlstore_test

import (
	"context"
	"database/sql"
	"os"
	"strings"
	"testing"
	"time"

	"dancu/internal/pgserver"
	"dancu/internal/readroute"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// pair is a primary and a streaming standby of it, with one database.
type pair struct {
	primary, standby       *sql.DB
	primaryDSN, standbyDSN string
	standbyServer          *pgserver.Server
}

const statStatements = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"

func startPair(t *testing.T) pair {
	t.Helper()
	p, err := pgserver.StartWith(statStatements)
	if err != nil {
		if v := strings.ToLower(os.Getenv("CI")); v == "true" || v == "1" {
			t.Fatalf("PostgreSQL is required in CI: %v", err)
		}
		t.Skipf("PostgreSQL not available: %v", err)
	}
	t.Cleanup(func() { p.Stop() })
	dsn, err := p.CreateDatabase("replicated")
	if err != nil {
		t.Fatal(err)
	}
	pdb := openRaw(t, dsn)
	if _, err := pdb.Exec(`CREATE EXTENSION pg_stat_statements`); err != nil {
		t.Fatal(err)
	}
	s, err := p.StartStandby(statStatements)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Stop() })
	return pair{primary: pdb, standby: openRaw(t, s.DSN("replicated")), primaryDSN: dsn, standbyDSN: s.DSN("replicated"), standbyServer: s}
}

func openRaw(t *testing.T, dsn string) *sql.DB {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// searches is how many times the register's search ran on one server,
// from that server's own pg_stat_statements.
func searches(t *testing.T, db *sql.DB) int64 {
	t.Helper()
	var n int64
	if err := db.QueryRow(`SELECT COALESCE(SUM(calls), 0)::bigint FROM pg_stat_statements
		WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND query LIKE '%c.name_key >= $%'`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// waitCaughtUp waits until the standby has replayed what the primary has.
func waitCaughtUp(t *testing.T, p pair) {
	t.Helper()
	var target string
	if err := p.primary.QueryRow(`SELECT pg_current_wal_insert_lsn()::text`).Scan(&target); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		var ok bool
		if err := p.standby.QueryRow(`SELECT pg_last_wal_replay_lsn() >= $1::pg_lsn`, target).Scan(&ok); err != nil {
			t.Fatal(err)
		}
		if ok {
			return
		}
	}
	t.Fatal("the standby did not catch up in 30 s")
}

func openRouted(t *testing.T, p pair, maxLag time.Duration) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), p.primaryDSN, sqlstore.Options{
		Replicas: sqlstore.ReplicaOptions{DSNs: []string{p.standbyDSN}, MaxLag: maxLag, Poll: 50 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

func foundByName(t *testing.T, ctx context.Context, db *sqlstore.DB, name string) bool {
	t.Helper()
	page, err := db.Citizens().Search(ctx, registry.ParseSearch(name))
	if err != nil {
		t.Fatal(err)
	}
	return len(page.Items) > 0
}

// TestReadReplicaRouting proves from each server's own counters where
// reads ran: searches on the standby, an officer's read after their own
// edit on the primary (and it sees the edit), and every read on the
// primary once replay is paused past the lag bound.
func TestReadReplicaRouting(t *testing.T) {
	p := startPair(t)
	db := openRouted(t, p, time.Minute)
	c, err := wire.Register(db).Create(ctx, sampleCitizen(), officer)
	if err != nil {
		t.Fatal(err)
	}
	waitCaughtUp(t, p)

	onStandby, onPrimary := searches(t, p.standby), searches(t, p.primary)
	for i := 0; i < 5; i++ {
		if !foundByName(t, ctx, db, "nguyen van hung") {
			t.Fatal("the standby does not find the created citizen")
		}
	}
	if got := searches(t, p.standby) - onStandby; got != 5 {
		t.Errorf("standby ran %d searches, want 5", got)
	}
	if got := searches(t, p.primary) - onPrimary; got != 0 {
		t.Errorf("primary ran %d searches, want 0", got)
	}

	// Read-your-writes: with replay paused the standby cannot show the
	// edit; the officer who made it still reads it back, another does not.
	if _, err := p.standby.Exec(`SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	editor := readroute.WithReader(ctx, "officer:editor")
	other := readroute.WithReader(ctx, "officer:other")
	if _, err := wire.Register(db).Update(editor, c.ID, 1, func(z *registry.Citizen) error { z.FullName = "Trần Thị Lan"; return nil }, officer); err != nil {
		t.Fatal(err)
	}
	onStandby, onPrimary = searches(t, p.standby), searches(t, p.primary)
	if !foundByName(t, editor, db, "tran thi lan") {
		t.Error("the editor does not see their own edit")
	}
	if foundByName(t, other, db, "tran thi lan") {
		t.Error("another officer's search saw the edit the paused standby has not replayed: it did not run on the standby")
	}
	if s, p := searches(t, p.standby)-onStandby, searches(t, p.primary)-onPrimary; s != 1 || p != 1 {
		t.Errorf("searches after the edit: %d on the standby, %d on the primary; want 1 and 1", s, p)
	}

	// A point read stays on the primary unless marked lag-tolerant (an
	// agency's eKYC read): then the paused standby answers, stale.
	for _, tc := range []struct {
		ctx  context.Context
		want string
	}{{other, "Trần Thị Lan"}, {readroute.LagTolerant(other), "Nguyễn Văn Hùng"}} {
		got, err := db.Citizens().Citizen(tc.ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.FullName != tc.want {
			t.Errorf("point read (lag-tolerant %v) = %q, want %q", readroute.IsLagTolerant(tc.ctx), got.FullName, tc.want)
		}
	}

	// Lag fallback: a store with a short bound sends reads to the primary
	// once the paused standby falls behind it, and counts why.
	strict := openRouted(t, p, 300*time.Millisecond)
	waitFor(t, "the lag to pass 300 ms", func() bool { s, _ := strict.ReadStats(); return s.MaxLag > 300*time.Millisecond })
	onStandby, onPrimary = searches(t, p.standby), searches(t, p.primary)
	if !foundByName(t, ctx, strict, "tran thi lan") {
		t.Error("the fallback read did not see the primary's state")
	}
	if s, p := searches(t, p.standby)-onStandby, searches(t, p.primary)-onPrimary; s != 0 || p != 1 {
		t.Errorf("search past the lag bound: %d on the standby, %d on the primary; want 0 and 1", s, p)
	}
	if s, _ := strict.ReadStats(); s.Fallbacks["lag"] != 1 {
		t.Errorf("lag fallbacks = %d, want 1", s.Fallbacks["lag"])
	}

	if _, err := p.standby.Exec(`SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the lag to clear", func() bool { s, _ := strict.ReadStats(); return s.MaxLag == 0 })
	onStandby = searches(t, p.standby)
	if !foundByName(t, other, strict, "tran thi lan") {
		t.Error("the caught-up standby does not show the edit")
	}
	if got := searches(t, p.standby) - onStandby; got != 1 {
		t.Errorf("standby ran %d searches after resuming, want 1", got)
	}
}

func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if cond() {
			return
		}
	}
	t.Fatalf("timed out waiting for %s", what)
}
