package sqlstore

import (
	"context"
	"database/sql"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// ApplyTransition applies one checked move in a transaction: the guarded
// state change, the history row, then the card effects. Any failure rolls
// back all of them.
func (d *Issuance) ApplyTransition(ctx context.Context, c issuance.Change) (issuance.Application, error) {
	t := c.Transition
	var out issuance.Application
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE applications SET state = $2, version = version + 1, updated_at = $3
			WHERE id = $1 AND version = $4 AND state = $5`,
			t.ApplicationID, string(t.To), d.dialect.timeArg(t.At), c.Version, string(t.From))
		if err != nil {
			return apperr.Wrap(err, "move application")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			cur, err := d.applicationIn(ctx, tx, t.ApplicationID)
			if err != nil {
				return err
			}
			return apperr.New(apperr.Conflict, "cannot move application from %s to %s: it changed since version %d (now %s, version %d)",
				t.From, t.To, c.Version, cur.State, cur.Version)
		}
		if err := d.insertTransition(ctx, tx, t); err != nil {
			return err
		}
		if c.NewCard != nil {
			if err := d.insertCard(ctx, tx, *c.NewCard); err != nil {
				return err
			}
		}
		if c.Activate {
			if err := d.activateCard(ctx, tx, t); err != nil {
				return err
			}
		}
		out, err = d.applicationIn(ctx, tx, t.ApplicationID)
		return err
	})
	return out, err
}

func (d *DB) insertTransition(ctx context.Context, tx *sql.Tx, t issuance.Transition) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO application_transitions
		(application_id, seq, from_state, to_state, at, day, user_id, username, role, unit, reason)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		t.ApplicationID, t.Seq, string(t.From), string(t.To), d.dialect.timeArg(t.At), dayArg(issuance.Day(t.At)),
		t.UserID, t.Username, string(t.Role), t.Unit, t.Reason)
	return normalize(err, "record transition")
}

// Transitions lists an application's history, oldest first.
func (d *Issuance) Transitions(ctx context.Context, applicationID string) ([]issuance.Transition, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT application_id, seq, from_state, to_state, at, user_id, username, role, unit, reason
		FROM application_transitions WHERE application_id = $1 ORDER BY seq`, applicationID)
	if err != nil {
		return nil, apperr.Wrap(err, "list transitions")
	}
	defer rows.Close()
	out := []issuance.Transition{}
	for rows.Next() {
		var t issuance.Transition
		var at any
		if err := rows.Scan(&t.ApplicationID, &t.Seq, &t.From, &t.To, &at, &t.UserID, &t.Username, &t.Role, &t.Unit, &t.Reason); err != nil {
			return nil, apperr.Wrap(err, "list transitions")
		}
		if t.At, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "list transitions")
		}
		out = append(out, t)
	}
	return out, normalize(rows.Err(), "list transitions")
}
