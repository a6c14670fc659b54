package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/citizenauth"
)

// PutCitizenToken implements citizenauth.Store.
func (d *AuditLog) PutCitizenToken(ctx context.Context, t citizenauth.Token) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO citizen_tokens (token_hash, citizen_id, created_at, expires_at) VALUES ($1, $2, $3, $4)`,
		t.Hash, t.CitizenID, d.dialect.timeArg(t.CreatedAt), d.dialect.timeArg(t.ExpiresAt))
	return normalize(err, "store citizen token")
}

// CitizenToken implements citizenauth.Store.
func (d *AuditLog) CitizenToken(ctx context.Context, hash string) (citizenauth.Token, error) {
	t := citizenauth.Token{Hash: hash}
	var created, expires any
	err := d.sql.QueryRowContext(ctx, `SELECT citizen_id, created_at, expires_at FROM citizen_tokens WHERE token_hash = $1`, hash).
		Scan(&t.CitizenID, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.New(apperr.NotFound, "no such citizen token")
	}
	if err != nil {
		return t, apperr.Wrap(err, "read citizen token")
	}
	if t.CreatedAt, err = scanTime(created); err != nil {
		return t, apperr.Wrap(err, "read citizen token")
	}
	if t.ExpiresAt, err = scanTime(expires); err != nil {
		return t, apperr.Wrap(err, "read citizen token")
	}
	return t, nil
}

// PurgeCitizenTokens deletes expired citizen tokens.
func (d *AuditLog) PurgeCitizenTokens(ctx context.Context) (int64, error) {
	res, err := d.sql.ExecContext(ctx, `DELETE FROM citizen_tokens WHERE expires_at <= $1`, d.dialect.timeArg(d.now()))
	if err != nil {
		return 0, apperr.Wrap(err, "purge citizen tokens")
	}
	return res.RowsAffected()
}
