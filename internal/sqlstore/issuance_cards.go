package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

const cardColumns = `number, citizen_id, application_id, issue_date, expiry_date, state, revoked_at, revoked_reason`

func (d *DB) insertCard(ctx context.Context, tx *sql.Tx, c issuance.Card) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO cards (`+cardColumns+`) VALUES ($1, $2, $3, $4, $5, $6, NULL, NULL)`,
		c.Number, c.CitizenID, c.ApplicationID, dayArg(c.IssueDate), nullDayArg(c.ExpiryDate), string(c.State))
	return normalize(err, "record produced card")
}

// activateCard makes the handed-over card active and revokes the holder's
// previous active card as replaced, in the transition's transaction.
func (d *DB) activateCard(ctx context.Context, tx *sql.Tx, t issuance.Transition) error {
	at := d.dialect.timeArg(t.At)
	res, err := tx.ExecContext(ctx, `UPDATE cards SET state = 'revoked', revoked_at = $2, revoked_reason = $3
		WHERE citizen_id = (SELECT citizen_id FROM applications WHERE id = $1) AND state = 'active'`,
		t.ApplicationID, at, issuance.RevokedReplaced)
	if err != nil {
		return apperr.Wrap(err, "revoke the previous card")
	}
	// Verifiers subscribed to revocations learn that the old card is void,
	// as they do for a lost one. Card number = ID number, so the event
	// names the number the old card bore.
	if n, _ := res.RowsAffected(); n > 0 {
		var number string
		if err := tx.QueryRowContext(ctx, `SELECT id_number FROM applications WHERE id = $1`, t.ApplicationID).Scan(&number); err != nil {
			return apperr.Wrap(err, "revoke the previous card")
		}
		if err := d.cardRevokedEvent(ctx, tx, number, issuance.RevokedReplaced, t.At); err != nil {
			return err
		}
	}
	res, err = tx.ExecContext(ctx, `UPDATE cards SET state = 'active' WHERE application_id = $1 AND state = 'produced'`, t.ApplicationID)
	if err != nil {
		return normalize(err, "activate card")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.Conflict, "cannot hand over: the application has no produced card")
	}
	return nil
}

func scanCard(row interface{ Scan(...any) error }) (issuance.Card, error) {
	var c issuance.Card
	var issue string
	var expiry, reason sql.NullString
	var revoked any
	if err := row.Scan(&c.Number, &c.CitizenID, &c.ApplicationID, &issue, &expiry, &c.State, &revoked, &reason); err != nil {
		return c, err
	}
	var err error
	if c.IssueDate, err = scanDay(issue); err != nil {
		return c, err
	}
	if c.ExpiryDate, err = scanNullDay(expiry); err != nil {
		return c, err
	}
	if revoked != nil {
		t, err := scanTime(revoked)
		if err != nil {
			return c, err
		}
		c.RevokedAt = &t
	}
	c.RevokedReason = reason.String
	return c, nil
}

func (d *DB) cards(ctx context.Context, what, where string, args ...any) ([]issuance.Card, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+cardColumns+` FROM cards `+where, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "%s", what)
	}
	defer rows.Close()
	out := []issuance.Card{}
	for rows.Next() {
		c, err := scanCard(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "%s", what)
		}
		out = append(out, c)
	}
	return out, normalize(rows.Err(), what)
}

// CardsByNumber lists the cards bearing a number, newest first.
func (d *Issuance) CardsByNumber(ctx context.Context, number string) ([]issuance.Card, error) {
	return d.cards(ctx, "read cards", `WHERE number = $1 ORDER BY issue_date DESC, application_id DESC`, number)
}

// Cards lists cards in a state ("" for all) by number.
func (d *Issuance) Cards(ctx context.Context, state issuance.CardState, limit int) ([]issuance.Card, error) {
	if limit <= 0 {
		limit = 1 << 30
	}
	if state == "" {
		return d.cards(ctx, "list cards", `ORDER BY number, issue_date LIMIT $1`, limit)
	}
	return d.cards(ctx, "list cards", `WHERE state = $1 ORDER BY number, issue_date LIMIT $2`, string(state), limit)
}

// RevokeCard revokes the active card bearing number.
func (d *Issuance) RevokeCard(ctx context.Context, number, reason string, at time.Time) (issuance.Card, error) {
	var out issuance.Card
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var appID string
		err := tx.QueryRowContext(ctx, `SELECT application_id FROM cards WHERE number = $1 AND state = 'active'`+d.dialect.forUpdate, number).Scan(&appID)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "no active card with that number")
		}
		if err != nil {
			return apperr.Wrap(err, "revoke card")
		}
		if _, err := tx.ExecContext(ctx, `UPDATE cards SET state = 'revoked', revoked_at = $2, revoked_reason = $3 WHERE application_id = $1`,
			appID, d.dialect.timeArg(at), reason); err != nil {
			return apperr.Wrap(err, "revoke card")
		}
		if err := d.cardRevokedEvent(ctx, tx, number, reason, at); err != nil {
			return err
		}
		out, err = scanCard(tx.QueryRowContext(ctx, `SELECT `+cardColumns+` FROM cards WHERE application_id = $1`, appID))
		return normalize(err, "revoke card")
	})
	return out, err
}
