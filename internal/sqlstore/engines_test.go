package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/pgtest"
	"dancu/internal/sqlstore"
)

func TestMain(m *testing.M) { os.Exit(pgtest.Main(m)) }

// clock is a settable test clock, so history timestamps are deterministic.
type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

type engine struct {
	db    *sqlstore.DB
	clock *clock
}

// eachEngine runs the same test body against SQLite and PostgreSQL: the
// storage conformance suite. Each run gets a fresh, migrated database.
func eachEngine(t *testing.T, body func(t *testing.T, e engine)) {
	t.Helper()
	for _, name := range []string{"sqlite", "postgres"} {
		t.Run(name, func(t *testing.T) {
			dsn := pgtest.DSN(t, name, filepath.Join(t.TempDir(), "test.db"))
			c := &clock{t: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
			db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{Now: c.now})
			if err != nil {
				t.Fatalf("open %s: %v", name, err)
			}
			t.Cleanup(func() { db.Close() })
			body(t, engine{db: db, clock: c})
		})
	}
}

// eachEngineBench runs a benchmark against SQLite and PostgreSQL, each on
// a fresh, migrated database; engine is the sub-benchmark's name.
func eachEngineBench(b *testing.B, body func(b *testing.B, engine string, db *sqlstore.DB)) {
	b.Helper()
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			dsn := pgtest.DSN(b, engine, filepath.Join(b.TempDir(), "bench.db"))
			db, err := sqlstore.Open(context.Background(), dsn, sqlstore.Options{})
			if err != nil {
				b.Fatalf("open %s: %v", engine, err)
			}
			b.Cleanup(func() { db.Close() })
			body(b, engine, db)
		})
	}
}

func newID() string { return uuid.Must(uuid.NewV7()).String() }
