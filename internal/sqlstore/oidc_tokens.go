package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

const oidcTokenColumns = `token_hash, kind, grant_id, client_id, citizen_id, account_id, scopes, level, auth_time, jkt, issued_at, expires_at, revoked_at`

// PutTokens implements idp.Store: the tokens of one issuance, in one statement.
func (d *OIDC) PutTokens(ctx context.Context, ts ...idp.Token) error {
	if len(ts) == 0 {
		return nil
	}
	q := `INSERT INTO oidc_tokens (` + oidcTokenColumns + `) VALUES `
	args := make([]any, 0, 13*len(ts))
	for i, t := range ts {
		if i > 0 {
			q += ", "
		}
		q += "(" + d.dialect.params(len(args)+1, 13) + ")"
		scopes, _ := json.Marshal(nonNil(t.Scopes))
		args = append(args, t.Hash, t.Kind, t.GrantID, t.ClientID, t.CitizenID, t.AccountID, string(scopes), t.Level,
			d.dialect.timeArg(t.AuthTime), t.JKT, d.dialect.timeArg(t.IssuedAt), d.dialect.timeArg(t.ExpiresAt), nil)
	}
	_, err := d.q(ctx).ExecContext(ctx, q, args...)
	return normalize(err, "store tokens")
}

// Token implements idp.Store.
func (d *OIDC) Token(ctx context.Context, hash string) (idp.Token, error) {
	var t idp.Token
	var scopes string
	var auth, issued, expires, revoked any
	err := d.hotRow(ctx, `SELECT `+oidcTokenColumns+` FROM oidc_tokens WHERE token_hash = $1`, hash).
		Scan(&t.Hash, &t.Kind, &t.GrantID, &t.ClientID, &t.CitizenID, &t.AccountID, &scopes, &t.Level, &auth, &t.JKT, &issued, &expires, &revoked)
	if errors.Is(err, sql.ErrNoRows) {
		return t, apperr.New(apperr.NotFound, "no such token")
	}
	if err != nil {
		return t, apperr.Wrap(err, "read token")
	}
	if err := json.Unmarshal([]byte(scopes), &t.Scopes); err != nil {
		return t, apperr.Wrap(err, "read token")
	}
	for _, p := range []struct {
		src any
		dst *time.Time
	}{{auth, &t.AuthTime}, {issued, &t.IssuedAt}, {expires, &t.ExpiresAt}} {
		if *p.dst, err = scanTime(p.src); err != nil {
			return t, apperr.Wrap(err, "read token")
		}
	}
	t.RevokedAt, err = scanOptTime(revoked)
	return t, normalize(err, "read token")
}

// RevokeToken implements idp.Store (one refresh token).
func (d *OIDC) RevokeToken(ctx context.Context, hash string, at time.Time) error {
	_, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE token_hash = $2 AND revoked_at IS NULL`, d.dialect.timeArg(at), hash)
	return normalize(err, "revoke token")
}

// RevokeGrant implements idp.Store: the stored refresh tokens and a
// revocation of the sealed access tokens, in one transaction.
func (d *OIDC) RevokeGrant(ctx context.Context, grantID string, at time.Time) error {
	return d.InTx(ctx, func(ctx context.Context) error {
		if _, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE grant_id = $2 AND revoked_at IS NULL`, d.dialect.timeArg(at), grantID); err != nil {
			return normalize(err, "revoke tokens")
		}
		return d.revoke(ctx, idp.GrantRevocation(grantID), at)
	})
}

// RevokeCitizenTokens implements idp.Store.
func (d *OIDC) RevokeCitizenTokens(ctx context.Context, citizenID, clientID string, at time.Time) error {
	return d.InTx(ctx, func(ctx context.Context) error {
		if _, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE citizen_id = $2 AND client_id = $3 AND revoked_at IS NULL`,
			d.dialect.timeArg(at), citizenID, clientID); err != nil {
			return normalize(err, "revoke tokens")
		}
		return d.revoke(ctx, idp.CitizenClientRevocation(citizenID, clientID), at)
	})
}

func (d *OIDC) revoke(ctx context.Context, key string, at time.Time) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO oidc_revocations (key, revoked_at) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET revoked_at = excluded.revoked_at`, key, d.dialect.timeArg(at))
	return normalize(err, "revoke tokens")
}

// RevokeAccountTokens implements idp.Store.
func (d *OIDC) RevokeAccountTokens(ctx context.Context, citizenID string, at time.Time) error {
	return d.InTx(ctx, func(ctx context.Context) error {
		if _, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_tokens SET revoked_at = $1 WHERE citizen_id = $2 AND revoked_at IS NULL`,
			d.dialect.timeArg(at), citizenID); err != nil {
			return normalize(err, "revoke tokens")
		}
		return d.revoke(ctx, idp.AccountRevocation(citizenID), at)
	})
}

// Revocations implements idp.Store.
func (d *OIDC) Revocations(ctx context.Context, since time.Time) ([]idp.Revocation, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT key, revoked_at FROM oidc_revocations WHERE revoked_at >= $1`, d.dialect.timeArg(since))
	if err != nil {
		return nil, apperr.Wrap(err, "read revocations")
	}
	defer rows.Close()
	var out []idp.Revocation
	for rows.Next() {
		var r idp.Revocation
		var at any
		if err := rows.Scan(&r.Key, &at); err != nil {
			return nil, apperr.Wrap(err, "read revocations")
		}
		if r.At, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "read revocation %s", r.Key)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "read revocations")
	}
	return out, nil
}

// PurgeOIDCTokens deletes tokens expired before cutoff.
func (d *OIDC) PurgeOIDCTokens(ctx context.Context, cutoff time.Time) (int64, error) {
	res, err := d.q(ctx).ExecContext(ctx, `DELETE FROM oidc_tokens WHERE expires_at < $1`, d.dialect.timeArg(cutoff))
	if err != nil {
		return 0, apperr.Wrap(err, "purge tokens")
	}
	return res.RowsAffected()
}
