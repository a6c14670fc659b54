package sqlstore

import (
	"context"
	"database/sql"
	"sync"
)

// stmtCache keeps prepared statements for the hot read queries (point
// reads, session checks): parsing the SQL was a quarter of a point read's
// server time. database/sql re-prepares a statement per connection lazily.
type stmtCache struct {
	mu    sync.Mutex
	stmts map[string]*sql.Stmt
}

func (d *DB) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	d.stmts.mu.Lock()
	defer d.stmts.mu.Unlock()
	if st, ok := d.stmts.stmts[query]; ok {
		return st, nil
	}
	st, err := d.sql.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if d.stmts.stmts == nil {
		d.stmts.stmts = map[string]*sql.Stmt{}
	}
	d.stmts.stmts[query] = st
	return st, nil
}

// hotRow runs a single-row query through the statement cache.
func (d *DB) hotRow(ctx context.Context, query string, args ...any) *sql.Row {
	st, err := d.prepared(ctx, query)
	if err != nil {
		// Let Scan report the error: fall back to an unprepared query.
		return d.sql.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
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
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range c.stmts {
		st.Close()
	}
	c.stmts = nil
}
