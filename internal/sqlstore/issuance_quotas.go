package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// SetQuota inserts or replaces the quota of a unit starting on q.From.
func (d *Issuance) SetQuota(ctx context.Context, q issuance.Quota) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO quotas (unit, period_from, period_to, target) VALUES ($1, $2, $3, $4)
		ON CONFLICT (unit, period_from) DO UPDATE SET period_to = excluded.period_to, target = excluded.target`,
		q.Unit, dayArg(q.From), dayArg(q.To), q.Target)
	return normalize(err, "set quota")
}

// QuotaOn returns the unit's quota in force on day (the latest starting
// one if periods overlap), or nil.
func (d *Issuance) QuotaOn(ctx context.Context, unit string, day time.Time) (*issuance.Quota, error) {
	var from, to string
	q := issuance.Quota{Unit: unit}
	err := d.sql.QueryRowContext(ctx, `SELECT period_from, period_to, target FROM quotas
		WHERE unit = $1 AND period_from <= $2 AND period_to >= $2 ORDER BY period_from DESC LIMIT 1`, unit, dayArg(day)).
		Scan(&from, &to, &q.Target)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read quota")
	}
	if q.From, err = scanDay(from); err != nil {
		return nil, apperr.Wrap(err, "read quota")
	}
	if q.To, err = scanDay(to); err != nil {
		return nil, apperr.Wrap(err, "read quota")
	}
	return &q, nil
}

// CountEvents counts, at the unit's stations (a province's own and its
// communes'), applications received and cards produced and handed over
// from from to to inclusive; a zero from means from the beginning.
func (d *Issuance) CountEvents(ctx context.Context, unit string, from, to time.Time) (issuance.Counts, error) {
	lo := earliestDay
	if !from.IsZero() {
		lo = dayArg(from)
	}
	col := unitColumn(unit)
	var c issuance.Counts
	err := d.sql.QueryRowContext(ctx, `SELECT
		(SELECT COUNT(*) FROM applications WHERE `+col+` = $1 AND received_day BETWEEN $2 AND $3),
		(SELECT COUNT(*) FROM application_transitions t JOIN applications a ON a.id = t.application_id
			WHERE a.`+col+` = $1 AND t.to_state = 'produced' AND t.day BETWEEN $2 AND $3),
		(SELECT COUNT(*) FROM application_transitions t JOIN applications a ON a.id = t.application_id
			WHERE a.`+col+` = $1 AND t.to_state = 'handed_over' AND t.day BETWEEN $2 AND $3)`,
		unit, lo, dayArg(to)).Scan(&c.Received, &c.Produced, &c.HandedOver)
	if err != nil {
		return c, apperr.Wrap(err, "count issuance events")
	}
	return c, nil
}
