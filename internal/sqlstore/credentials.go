package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential"
)

// Credentials stores the căn cước điện tử (migration 0030). It implements
// credential.Store and decides nothing: which credential is current, what
// it holds and when it ends are the credential package's. Every method
// joins the transaction its context carries.
type Credentials struct{ *DB }

// Credentials is the căn cước điện tử's storage.
func (d *DB) Credentials() *Credentials { return &Credentials{d} }

const credentialColumns = `id, citizen_id, id_number, application_id, status_index, issued_at, expires_at,
	state, changed_at, reason, sd_jwt, holder_key_ref`

// StatusUsage implements credential.Store. Every credential holds its
// own index for good, so the rows count the indexes given.
func (d *Credentials) StatusUsage(ctx context.Context) (credential.StatusUsage, error) {
	var u credential.StatusUsage
	err := d.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(MAX(status_index), -1) + 1 FROM credentials`).Scan(&u.Given, &u.Next)
	return u, normalize(err, "status list usage")
}

// StatusIndexTaken implements credential.Store.
func (d *Credentials) StatusIndexTaken(ctx context.Context, idx int) (bool, error) {
	var n int
	err := d.q(ctx).QueryRowContext(ctx, `SELECT COUNT(*) FROM credentials WHERE status_index = $1`, idx).Scan(&n)
	return n > 0, normalize(err, "status index taken")
}

// InsertCredential implements credential.Store; a second active
// credential for one citizen, or a reused index, is a Conflict.
func (d *Credentials) InsertCredential(ctx context.Context, c credential.Credential) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO credentials (`+credentialColumns+`)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, '', $9, $10)`,
		c.ID, c.CitizenID, c.IDNumber, c.ApplicationID, c.StatusIndex, d.dialect.timeArg(c.IssuedAt),
		d.dialect.timeArg(c.ExpiresAt), string(c.State), c.SDJWT, c.HolderKeyRef)
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: "insert credential: its status index or the citizen's active credential was taken",
			Err: fmt.Errorf("%w: %w", credential.ErrCredentialClash, err)}
	}
	return normalize(err, "insert credential")
}

// CurrentCredential implements credential.Store.
func (d *Credentials) CurrentCredential(ctx context.Context, citizenID string) (credential.Credential, error) {
	return d.one(ctx, `WHERE citizen_id = $1 AND state = 'active'`, citizenID)
}

// CredentialByStatusIndex implements credential.Store.
func (d *Credentials) CredentialByStatusIndex(ctx context.Context, idx int) (credential.Credential, error) {
	return d.one(ctx, `WHERE status_index = $1`, idx)
}

func (d *Credentials) one(ctx context.Context, where string, arg any) (credential.Credential, error) {
	var c credential.Credential
	var state string
	var issued, expires, changed any
	err := d.q(ctx).QueryRowContext(ctx, `SELECT `+credentialColumns+` FROM credentials `+where, arg).Scan(
		&c.ID, &c.CitizenID, &c.IDNumber, &c.ApplicationID, &c.StatusIndex, &issued, &expires,
		&state, &changed, &c.Reason, &c.SDJWT, &c.HolderKeyRef)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no such credential")
	}
	if err != nil {
		return c, apperr.Wrap(err, "read credential")
	}
	c.State = credential.State(state)
	var err1, err2, err3 error
	c.IssuedAt, err1 = scanTime(issued)
	c.ExpiresAt, err2 = scanTime(expires)
	if changed != nil {
		var t time.Time
		t, err3 = scanTime(changed)
		c.ChangedAt = &t
	}
	return c, errors.Join(err1, err2, err3)
}

// EndCredential implements credential.Store.
func (d *Credentials) EndCredential(ctx context.Context, id string, state credential.State, at time.Time, reason string) error {
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE credentials SET state = $2, changed_at = $3, reason = $4
		WHERE id = $1 AND state = 'active'`, id, string(state), d.dialect.timeArg(at), reason)
	if err != nil {
		return normalize(err, "end credential")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "the credential is no longer active")
	}
	return nil
}

// StatusEntries implements credential.Store.
func (d *Credentials) StatusEntries(ctx context.Context) ([]credential.StatusEntry, credential.StatusUsage, error) {
	usage, err := d.StatusUsage(ctx)
	if err != nil {
		return nil, usage, err
	}
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT status_index, state FROM credentials WHERE state <> 'active'`)
	if err != nil {
		return nil, usage, apperr.Wrap(err, "read status entries")
	}
	defer rows.Close()
	var out []credential.StatusEntry
	for rows.Next() {
		var e credential.StatusEntry
		var state string
		if err := rows.Scan(&e.Index, &state); err != nil {
			return nil, usage, apperr.Wrap(err, "read status entries")
		}
		e.State = credential.State(state)
		out = append(out, e)
	}
	return out, usage, normalize(rows.Err(), "read status entries")
}

// InsertPresentation implements credential.Store.
func (d *Credentials) InsertPresentation(ctx context.Context, p credential.Presentation) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO credential_presentations
		(token_hash, credential_id, citizen_id, claims, sd_jwt, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
		p.TokenHash, p.CredentialID, p.CitizenID, strings.Join(p.Claims, ","), p.SDJWT,
		d.dialect.timeArg(p.CreatedAt), d.dialect.timeArg(p.ExpiresAt))
	return normalize(err, "insert presentation link")
}

// PresentationByHash implements credential.Store.
func (d *Credentials) PresentationByHash(ctx context.Context, tokenHash string) (credential.Presentation, error) {
	p := credential.Presentation{TokenHash: tokenHash}
	var claims string
	var created, expires any
	err := d.q(ctx).QueryRowContext(ctx, `SELECT credential_id, citizen_id, claims, sd_jwt, created_at, expires_at
		FROM credential_presentations WHERE token_hash = $1`, tokenHash).Scan(&p.CredentialID, &p.CitizenID, &claims, &p.SDJWT, &created, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.NotFound, "no such presentation link")
	}
	if err != nil {
		return p, apperr.Wrap(err, "read presentation link")
	}
	p.Claims = strings.Split(claims, ",")
	var err1, err2 error
	p.CreatedAt, err1 = scanTime(created)
	p.ExpiresAt, err2 = scanTime(expires)
	return p, errors.Join(err1, err2)
}

var _ credential.Store = (*Credentials)(nil)
