package sqlstore

import (
	"context"
	"errors"
	"path/filepath"
	"testing"

	"dancu/internal/apperr"
	"dancu/internal/idempotency"
	"dancu/internal/pgtest"
)

// A client's Idempotency-Key makes its write apply once: the same key
// again is refused with a Conflict and changes nothing; each transaction of
// one request is keyed on its own; another key applies.
func TestIdempotencyKeyAppliesAWriteOnce(t *testing.T) {
	onEachEngine(t, func(t *testing.T, d *DB) {
		ctx := context.Background()
		write := func(key, value string) error {
			kctx := idempotency.WithKey(ctx, key)
			return d.InTx(kctx, func(ctx context.Context) error {
				_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO settings (name, value) VALUES ($1, $2)
					ON CONFLICT (name) DO UPDATE SET value = settings.value || excluded.value`, "idem_test", value)
				return err
			})
		}
		if err := write("req-1", "a"); err != nil {
			t.Fatal(err)
		}
		err := write("req-1", "a")
		if !apperr.Is(err, apperr.Conflict) {
			t.Fatalf("second write under the same key: %v, want a conflict", err)
		}
		if err := write("req-2", "b"); err != nil {
			t.Fatal(err)
		}
		var v string
		if err := d.SQL().QueryRowContext(ctx, `SELECT value FROM settings WHERE name = 'idem_test'`).Scan(&v); err != nil {
			t.Fatal(err)
		}
		if v != "ab" {
			t.Errorf("value %q after writes a, a (same key), b: want %q", v, "ab")
		}
		applied, err := d.KeyApplied(ctx, "req-1")
		if err != nil || !applied {
			t.Errorf("KeyApplied(req-1) = %v, %v", applied, err)
		}
		if applied, _ := d.KeyApplied(ctx, "req-3"); applied {
			t.Error("KeyApplied(req-3) = true for a key never sent")
		}
		// Two transactions of one request: both apply, the second is not
		// mistaken for a repeat of the first.
		two := idempotency.WithKey(ctx, "req-4")
		for i := range 2 {
			if err := d.InTx(two, func(ctx context.Context) error { return nil }); err != nil {
				t.Fatalf("transaction %d of one request: %v", i+1, err)
			}
		}
		// A failed write leaves its key unused: the retry applies.
		boom := errors.New("boom")
		if err := d.InTx(idempotency.WithKey(ctx, "req-5"), func(ctx context.Context) error { return boom }); !errors.Is(err, boom) {
			t.Fatalf("failed write: %v", err)
		}
		if err := write("req-5", "c"); err != nil {
			t.Fatalf("retry of a write that rolled back: %v", err)
		}
	})
}

// onEachEngine runs body on a fresh database of each engine.
func onEachEngine(t *testing.T, body func(t *testing.T, d *DB)) {
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := pgtest.DSN(t, name, filepath.Join(t.TempDir(), "test.db"))
			d, err := Open(context.Background(), dsn, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { d.Close() })
			body(t, d)
		})
	}
}
