package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for the hot queries (point reads,
// session checks, the audit chain's appends): parsing the SQL was a
// quarter of a point read's server time. database/sql re-prepares a
// statement per connection lazily. A sync.Map, not a mutex: every read
// looks a statement up, and a lock held by one reader serialised the others
// on the lookup (the set of query texts is small and fixed, which is the
// case sync.Map is built for).
type stmtCache struct {
	stmts sync.Map // query text → *sql.Stmt
}

// get returns the statement for query, preparing it on db the first time.
func (c *stmtCache) get(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	if st, ok := c.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := db.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := c.stmts.LoadOrStore(query, st); loaded {
		st.Close() // another goroutine prepared it first
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

func (d *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	return d.stmts.get(ctx, d.sql, query)
}

// hotRow runs a single-row query through the statement cache.
func (d *DB) hotRow(ctx context.Context, query string, args ...any) *sql.Row {
	ctx = d.pointReadContext(ctx)
	st, err := d.prepared(ctx, query)
	if err != nil {
		// Let Scan report the error: fall back to an unprepared query.
		return d.sql.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// pointReadContext is the context of a single-row read by key. On SQLite
// it drops the caller's cancellation (keeping its values): such a read runs
// for tens of microseconds in this process, and under a request's
// cancellable context database/sql and the driver each started a goroutine
// per query to watch it, a tenth of a point read's CPU (pprof, 1M
// citizens). PostgreSQL keeps it: its reads cross the network, where a
// cancelled request must not wait for an answer.
func (d *DB) pointReadContext(ctx context.Context) context.Context {
	if d.dialect.name != "sqlite" || ctx.Done() == nil {
		return ctx
	}
	return context.WithoutCancel(ctx)
}

// hotQuery runs a multi-row query through the statement cache. Callers
// keep the number of distinct query texts small (e.g. IN lists of 1–5).
func (d *DB) hotQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	st, err := d.prepared(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

func (c *stmtCache) close() {
	c.stmts.Range(func(k, st any) bool {
		st.(*sql.Stmt).Close()
		c.stmts.Delete(k)
		return true
	})
}
