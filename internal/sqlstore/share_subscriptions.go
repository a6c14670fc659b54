package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

const subscriptionColumns = `id, agency_id, url, types, secret, delivered_seq, attempts, next_attempt_at, last_error, created_at`

// CreateSubscription stores a webhook subscription. It starts after the
// newest event, when Delivered is 0: a subscriber receives what happens
// from now on (the feed serves the past).
func (d *Sharing) CreateSubscription(ctx context.Context, s share.Subscription) error {
	types, _ := json.Marshal(s.Types)
	return d.inTx(ctx, func(tx *sql.Tx) error {
		if s.Delivered == 0 {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(seq), 0) FROM share_events`).Scan(&s.Delivered); err != nil {
				return apperr.Wrap(err, "read newest event")
			}
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO share_subscriptions (`+subscriptionColumns+`) VALUES ($1, $2, $3, $4, $5, $6, 0, $7, '', $8)`,
			s.ID, s.AgencyID, s.URL, string(types), s.Secret, s.Delivered, d.dialect.timeArg(s.CreatedAt), d.dialect.timeArg(s.CreatedAt))
		return normalize(err, "create subscription")
	})
}

func (d *DB) subscriptions(ctx context.Context, where string, args ...any) ([]share.Subscription, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+subscriptionColumns+` FROM share_subscriptions `+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list subscriptions")
	}
	defer rows.Close()
	out := []share.Subscription{}
	for rows.Next() {
		var s share.Subscription
		var types string
		var next, created any
		if err := rows.Scan(&s.ID, &s.AgencyID, &s.URL, &types, &s.Secret, &s.Delivered, &s.Attempts, &next, &s.LastError, &created); err != nil {
			return nil, apperr.Wrap(err, "list subscriptions")
		}
		if err := json.Unmarshal([]byte(types), &s.Types); err != nil {
			return nil, apperr.Wrap(err, "list subscriptions")
		}
		if s.NextAt, err = scanTime(next); err == nil {
			s.CreatedAt, err = scanTime(created)
		}
		if err != nil {
			return nil, apperr.Wrap(err, "list subscriptions")
		}
		out = append(out, s)
	}
	return out, normalize(rows.Err(), "list subscriptions")
}

// Subscriptions lists an agency's subscriptions.
func (d *Sharing) Subscriptions(ctx context.Context, agencyID string) ([]share.Subscription, error) {
	return d.subscriptions(ctx, `WHERE agency_id = $1 ORDER BY created_at, id`, agencyID)
}

// DueSubscriptions lists subscriptions whose next attempt is due.
func (d *Sharing) DueSubscriptions(ctx context.Context, now time.Time) ([]share.Subscription, error) {
	return d.subscriptions(ctx, `WHERE next_attempt_at <= $1 ORDER BY next_attempt_at, id`, d.dialect.timeArg(now))
}

// DeleteSubscription removes one of an agency's subscriptions.
func (d *Sharing) DeleteSubscription(ctx context.Context, agencyID, id string) error {
	res, err := d.sql.ExecContext(ctx, `DELETE FROM share_subscriptions WHERE id = $1 AND agency_id = $2`, id, agencyID)
	if err != nil {
		return normalize(err, "delete subscription")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.NotFound, "no such subscription")
	}
	return nil
}

// MarkDelivered advances a subscription past seq. It never moves back, so
// a late acknowledgement cannot cause a resend.
func (d *Sharing) MarkDelivered(ctx context.Context, id string, seq int64) error {
	_, err := d.sql.ExecContext(ctx, `UPDATE share_subscriptions SET delivered_seq = $2, attempts = 0, last_error = ''
		WHERE id = $1 AND delivered_seq < $2`, id, seq)
	return normalize(err, "mark delivered")
}

// MarkFailed records a failed attempt and the time of the next one.
func (d *Sharing) MarkFailed(ctx context.Context, id string, attempts int, next time.Time, reason string) error {
	_, err := d.sql.ExecContext(ctx, `UPDATE share_subscriptions SET attempts = $2, next_attempt_at = $3, last_error = $4 WHERE id = $1`,
		id, attempts, d.dialect.timeArg(next), reason)
	return normalize(err, "mark delivery failed")
}
