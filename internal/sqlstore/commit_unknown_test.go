package sqlstore_test

import (
	"database/sql"
	"net/url"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/idempotency"
	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

// TestCommitOutcomeUnknownAppliesOnce breaks the connection of a write at
// its COMMIT, through a proxy, once after the server committed it (the
// answer is lost) and once before the COMMIT reached the server: either
// way the store retries the write under its idempotency key on a new
// connection, the caller is told it succeeded, and the citizen is created
// exactly once.
func TestCommitOutcomeUnknownAppliesOnce(t *testing.T) {
	for _, tc := range []struct {
		name    string
		forward bool
	}{
		{"committed, answer lost", true},
		{"lost before the server", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dsn := pgtest.NewDatabase(t)
			u, err := url.Parse(dsn)
			if err != nil {
				t.Fatal(err)
			}
			proxy := startCommitDropper(t, u.Host)
			u.Host = proxy.ln.Addr().String()
			db, err := sqlstore.Open(ctx, u.String(), sqlstore.Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { db.Close() })
			raw := openRaw(t, dsn) // straight to the server, for the checks
			before := countRows(t, raw, `SELECT count(*) FROM citizens`)

			key := "commit-unknown-" + uuid.NewString()
			proxy.arm(key, tc.forward)
			c, err := wire.Register(db).Create(idempotency.WithKey(ctx, key), sampleCitizen(), officer)
			if err != nil {
				t.Fatalf("the write whose commit was cut was not retried to success: %v", err)
			}
			if n := proxy.dropped.Load(); n != 1 {
				t.Fatalf("the proxy broke %d commits, want 1: the test did not cut the write's commit", n)
			}
			if got := countRows(t, raw, `SELECT count(*) FROM citizens`) - before; got != 1 {
				t.Errorf("%d citizens created, want exactly 1", got)
			}
			if got := countRows(t, raw, `SELECT count(*) FROM citizen_versions WHERE citizen_rid = (SELECT rid FROM citizens WHERE id = $1)`, c.ID); got != 1 {
				t.Errorf("the created citizen has %d versions, want 1", got)
			}
			if got := countRows(t, raw, `SELECT count(*) FROM idempotency_keys WHERE key LIKE '%' || $1 || '%'`, key); got != 1 {
				t.Errorf("%d idempotency keys recorded for the write, want 1", got)
			}
		})
	}
}

func countRows(t *testing.T, db *sql.DB, q string, args ...any) int {
	t.Helper()
	var n int
	if err := db.QueryRow(q, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
	return n
}
