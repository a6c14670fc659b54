package sqlstore

import (
	"context"
	"database/sql"
)

// routedRow runs a single-row read that tolerates the replica lag bound:
// inside a transaction it joins it, else it runs on a standby within the
// bound that has replayed the reader's own writes, else on the primary.
func (d *DB) routedRow(ctx context.Context, query string, args ...any) *sql.Row {
	if txFrom(ctx) != nil || d.router == nil {
		if tx := txFrom(ctx); tx != nil {
			return tx.QueryRowContext(ctx, query, args...)
		}
		return d.hotRow(ctx, query, args...)
	}
	rep := d.router.pick(ctx)
	if rep == nil {
		return d.hotRow(ctx, query, args...)
	}
	st, err := rep.stmts.get(ctx, rep.pool, query)
	if err != nil {
		return rep.pool.QueryRowContext(ctx, query, args...)
	}
	return st.QueryRowContext(ctx, args...)
}

// routedQuery is routedRow for a multi-row read, unprepared (searches and
// reports build their text per call).
// A standby that fails the read (it died since the last poll) hands it to
// the primary, counted as a "down" fallback.
func (d *DB) routedQuery(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	q := d.routedQ(ctx)
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil && q != queryer(d.sql) && txFrom(ctx) == nil && ctx.Err() == nil && transient(err) {
		d.router.fellBack[fallDown].Add(1)
		return d.sql.QueryContext(ctx, query, args...)
	}
	return rows, err
}

// routedQ is where a read that tolerates the lag bound runs.
func (d *DB) routedQ(ctx context.Context) queryer {
	if tx := txFrom(ctx); tx != nil {
		return tx
	}
	if d.router == nil {
		return d.sql
	}
	if rep := d.router.pick(ctx); rep != nil {
		return rep.pool
	}
	return d.sql
}

// ReadStats says where routed reads went; ok is false without replicas.
func (d *DB) ReadStats() (s ReadStats, ok bool) {
	if d.router == nil {
		return s, false
	}
	return d.router.stats(), true
}
