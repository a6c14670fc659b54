package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dancu/internal/lease"
	"dancu/internal/sqlstore"
)

// One holder at a time: a live lease is refused to others and renewed by
// its holder; once it expires another server takes it; leases are
// independent of each other.
func TestLeaseHasOneHolderAtATime(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		const ttl = 400 * time.Millisecond
		steps := []struct {
			name, holder string
			sleep        time.Duration
			want         bool
		}{
			{"dispatch", "a", 0, true},
			{"dispatch", "b", 0, false},
			{"dispatch", "a", 0, true},
			{"sign", "b", 0, true},
			{"dispatch", "b", ttl + 200*time.Millisecond, true},
			{"dispatch", "a", 0, false},
		}
		for i, s := range steps {
			time.Sleep(s.sleep)
			got, err := e.db.TryLease(ctx, s.name, s.holder, ttl)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want {
				t.Fatalf("step %d: %s asks for %s: %v, want %v", i+1, s.holder, s.name, got, s.want)
			}
		}
		// Two keepers: exactly one holds at any time.
		ka := &lease.Keeper{Store: e.db, Name: "k", Holder: "ka", TTL: time.Second}
		kb := &lease.Keeper{Store: e.db, Name: "k", Holder: "kb", TTL: time.Second}
		if !ka.Renew(ctx) || kb.Renew(ctx) {
			t.Fatalf("first keeper should hold, second not: %v %v", ka.Held(), kb.Held())
		}
		if !ka.Held() || kb.Held() {
			t.Fatalf("Held: a %v, b %v", ka.Held(), kb.Held())
		}
	})
}

// TestSQLiteLeasesAndBucketsBesideTheRegister: two processes' opens of one
// SQLite register share its leases and rate buckets, and neither a
// renewal nor a draw commits to the register (each commit there makes
// every reader remap the file: coord_file.go).
func TestSQLiteLeasesAndBucketsBesideTheRegister(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "reg.db")
	var dbs [2]*sqlstore.DB
	for i := range dbs {
		db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { db.Close() })
		dbs[i] = db
	}
	conn, err := dbs[0].SQL().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	dataVersion := func() int64 {
		var v int64
		if err := conn.QueryRowContext(ctx, `PRAGMA data_version`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		return v
	}
	before := dataVersion()
	if ok, err := dbs[0].TryLease(ctx, "sign", "a", time.Minute); err != nil || !ok {
		t.Fatalf("first holder: %v, %v", ok, err)
	}
	if ok, err := dbs[1].TryLease(ctx, "sign", "b", time.Minute); err != nil || ok {
		t.Fatalf("the other process took a live lease: %v, %v", ok, err)
	}
	now := time.Now()
	if got, _, err := dbs[0].RateBuckets().DrawTokens(ctx, "agency-1", 1, 10, 8, 8, now); err != nil || got != 8 {
		t.Fatalf("first draw: %v, %v", got, err)
	}
	if got, left, err := dbs[1].RateBuckets().DrawTokens(ctx, "agency-1", 1, 10, 8, 8, now); err != nil || got != 0 || left > 2.01 {
		t.Fatalf("the other process's draw: got %v, left %v, %v; want the bucket the first one drew from", got, left, err)
	}
	if after := dataVersion(); after != before {
		t.Errorf("leases and draws committed to the register: data_version %d → %d", before, after)
	}
	if _, err := os.Stat(sqlstore.CoordFilePath(path)); err != nil {
		t.Errorf("no file beside the register: %v", err)
	}
}
