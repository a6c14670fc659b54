package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// outboxLock is the advisory lock key that serialises outbox writers on
// PostgreSQL from their first event to commit: identity values are drawn
// at insert time, so without it a transaction that drew seq 7 could commit
// after one that drew seq 8, and a reader past 8 would never see 7.
// SQLite serialises writers already.
const outboxLock = 7_000_007

// appendEvent writes one event into the outbox inside the transaction of
// the change that causes it, so the event exists if and only if the change
// does.
func (d *DB) appendEvent(ctx context.Context, tx queryer, t share.EventType, at time.Time, citizenID string, data map[string]string) error {
	if d.dialect.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, outboxLock); err != nil {
			return apperr.Wrap(err, "lock outbox")
		}
	}
	b, _ := json.Marshal(data) // strings only: cannot fail
	_, err := tx.ExecContext(ctx, `INSERT INTO share_events (id, type, occurred_at, data, citizen_id) VALUES ($1, $2, $3, $4, $5)`,
		uuid.Must(uuid.NewV7()).String(), string(t), d.dialect.timeArg(at), string(b), citizenID)
	return normalize(err, "append change event")
}

// AppendEvent implements share.Outbox inside the caller's transaction.
func (d *Sharing) AppendEvent(ctx context.Context, t share.EventType, at time.Time, citizenID string, data map[string]string) error {
	tx, err := mustTx(ctx, "AppendEvent")
	if err != nil {
		return err
	}
	return d.appendEvent(ctx, tx, t, at, citizenID, data)
}

// cardRevokedEvent records a revoked card in the revocation's transaction.
// Every card bearing a number belongs to one citizen.
func (d *DB) cardRevokedEvent(ctx context.Context, tx *sql.Tx, number, reason string, at time.Time) error {
	var citizenID string
	if err := tx.QueryRowContext(ctx, `SELECT citizen_id FROM cards WHERE number = $1 LIMIT 1`, number).Scan(&citizenID); err != nil {
		return apperr.Wrap(err, "find the revoked card's holder")
	}
	return d.appendEvent(ctx, tx, share.EventCardRevoked, at, citizenID, map[string]string{"id_number": number, "reason": reason})
}

// Events lists events after seq of the given types, oldest first.
func (d *Sharing) Events(ctx context.Context, after int64, types []share.EventType, limit int) ([]share.Event, error) {
	out := []share.Event{}
	if len(types) == 0 {
		return out, nil
	}
	args := []any{after}
	marks := make([]string, len(types))
	for i, t := range types {
		args = append(args, string(t))
		marks[i] = "$" + strconv.Itoa(i+2)
	}
	args = append(args, limit)
	rows, err := d.sql.QueryContext(ctx, `SELECT seq, id, type, occurred_at, data, citizen_id FROM share_events
		WHERE seq > $1 AND type IN (`+strings.Join(marks, ", ")+`) ORDER BY seq LIMIT $`+strconv.Itoa(len(types)+2), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "read events")
	}
	defer rows.Close()
	for rows.Next() {
		var e share.Event
		var at any
		var data string
		if err := rows.Scan(&e.Seq, &e.ID, &e.Type, &at, &data, &e.CitizenID); err != nil {
			return nil, apperr.Wrap(err, "read events")
		}
		if e.OccurredAt, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "read events")
		}
		if err := json.Unmarshal([]byte(data), &e.Data); err != nil {
			return nil, apperr.Wrap(err, "read events")
		}
		out = append(out, e)
	}
	return out, normalize(rows.Err(), "read events")
}
