package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// UseAssertionID records a client assertion's jti; Conflict on a replay.
func (d *Sharing) UseAssertionID(ctx context.Context, agencyID, jti string, exp time.Time) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO agency_assertions (agency_id, jti, expires_at) VALUES ($1, $2, $3)`,
		agencyID, jti, d.dialect.timeArg(exp))
	return normalize(err, "record client assertion")
}

// SaveToken stores an issued access token (its hash).
func (d *Sharing) SaveToken(ctx context.Context, t share.AccessToken) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO agency_tokens (token_hash, agency_id, audience, issued_at, expires_at, cert_thumbprint) VALUES ($1, $2, $3, $4, $5, $6)`,
		t.Hash, t.AgencyID, t.Audience, d.dialect.timeArg(t.IssuedAt), d.dialect.timeArg(t.ExpiresAt), t.CertThumbprint)
	return normalize(err, "save access token")
}

// Token reads a token by hash; NotFound if unknown or revoked.
func (d *Sharing) Token(ctx context.Context, hash string) (share.AccessToken, error) {
	t := share.AccessToken{Hash: hash}
	var issued, expires any
	err := d.hotRow(ctx, `SELECT agency_id, audience, issued_at, expires_at, cert_thumbprint FROM agency_tokens WHERE token_hash = $1`, hash).
		Scan(&t.AgencyID, &t.Audience, &issued, &expires, &t.CertThumbprint)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.New(apperr.NotFound, "no such token")
	}
	if err != nil {
		return t, apperr.Wrap(err, "read access token")
	}
	if t.IssuedAt, err = scanTime(issued); err == nil {
		t.ExpiresAt, err = scanTime(expires)
	}
	return t, normalize(err, "read access token")
}

// RevokeToken deletes a token; an unknown one is not an error.
func (d *Sharing) RevokeToken(ctx context.Context, hash string) error {
	_, err := d.sql.ExecContext(ctx, `DELETE FROM agency_tokens WHERE token_hash = $1`, hash)
	return normalize(err, "revoke access token")
}

// PurgeExpired deletes expired tokens and assertion ids.
func (d *Sharing) PurgeExpired(ctx context.Context, now time.Time) (int, error) {
	total := 0
	for _, q := range []string{`DELETE FROM agency_tokens WHERE expires_at < $1`, `DELETE FROM agency_assertions WHERE expires_at < $1`} {
		res, err := d.sql.ExecContext(ctx, q, d.dialect.timeArg(now))
		if err != nil {
			return total, normalize(err, "purge expired tokens")
		}
		n, _ := res.RowsAffected()
		total += int(n)
	}
	return total, nil
}
