package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
)

// Figures operators watch on /metrics (internal/opsmetrics), read when
// Prometheus scrapes: counts only, never a row's content.

// PendingIntents counts changes' audit entries committed in the register
// (audit_intents) and not yet on the chain: on PostgreSQL every row (a
// move deletes what it appends), on SQLite the rows after the chain's mark.
func (d *AuditLog) PendingIntents(ctx context.Context) (int64, error) {
	var n int64
	if d.dialect.name == "postgres" {
		err := d.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit_intents`).Scan(&n)
		return n, wrapIf(err, "count audit intents")
	}
	var through int64
	err := d.chain.sql.QueryRowContext(ctx, `SELECT through FROM audit_intents_moved`).Scan(&through)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return 0, apperr.Wrap(err, "read the audit intents' mark")
	}
	err = d.sql.QueryRowContext(ctx, `SELECT count(*) FROM audit_intents WHERE id > $1`, through).Scan(&n)
	return n, wrapIf(err, "count audit intents")
}

// OverdueByKind counts open dossiers (received, not paused for a
// supplement) whose legal due date is before day, per procedure kind.
func (p *Procedures) OverdueByKind(ctx context.Context, day pdate.Date) (map[string]int, error) {
	rows, err := p.sql.QueryContext(ctx, `SELECT kind, count(*) FROM dossiers
		WHERE state = 'received' AND due_day <> '' AND due_day < $1 GROUP BY kind`, day.String())
	if err != nil {
		return nil, apperr.Wrap(err, "count overdue dossiers")
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			return nil, apperr.Wrap(err, "count overdue dossiers")
		}
		out[kind] = n
	}
	return out, wrapIf(rows.Err(), "count overdue dossiers")
}

func wrapIf(err error, what string) error {
	if err == nil {
		return nil
	}
	return apperr.Wrap(err, "%s", what)
}
