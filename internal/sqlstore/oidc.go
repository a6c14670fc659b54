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

// OIDC is the OpenID Connect provider's storage.
func (d *DB) OIDC() *OIDC { return d.caps.oidc }

const oidcClientColumns = `id, name, legal_basis, redirect_uris, logout_uris, scopes, auth_method, fapi, status, created_at, secret_hash`

// CreateClient implements idp.Store.
func (d *OIDC) CreateClient(ctx context.Context, c idp.Client, secretHash string) error {
	redirects, _ := json.Marshal(nonNil(c.RedirectURIs)) // plain data: cannot fail
	logouts, _ := json.Marshal(nonNil(c.PostLogoutURIs))
	scopes, _ := json.Marshal(nonNil(c.Scopes))
	fapi := 0
	if c.FAPI {
		fapi = 1
	}
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO oidc_clients (`+oidcClientColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
		c.ID, c.Name, c.LegalBasis, string(redirects), string(logouts), string(scopes), c.AuthMethod, fapi, string(c.Status),
		d.dialect.timeArg(c.CreatedAt), secretHash)
	return normalize(err, "create relying party")
}

func scanOIDCClient(row interface{ Scan(...any) error }) (idp.Client, string, error) {
	var c idp.Client
	var redirects, logouts, scopes, hash string
	var fapi int
	var created any
	if err := row.Scan(&c.ID, &c.Name, &c.LegalBasis, &redirects, &logouts, &scopes, &c.AuthMethod, &fapi, &c.Status, &created, &hash); err != nil {
		return c, "", err
	}
	c.FAPI = fapi != 0
	for _, p := range []struct {
		src string
		dst *[]string
	}{{redirects, &c.RedirectURIs}, {logouts, &c.PostLogoutURIs}, {scopes, &c.Scopes}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return c, "", err
		}
	}
	var err error
	c.CreatedAt, err = scanTime(created)
	return c, hash, err
}

// Client implements idp.Store: the client with its keys and secret hash.
func (d *OIDC) Client(ctx context.Context, id string) (idp.Client, string, error) {
	c, hash, err := scanOIDCClient(d.hotRow(ctx, `SELECT `+oidcClientColumns+` FROM oidc_clients WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, "", apperr.New(apperr.NotFound, "no such relying party")
	}
	if err != nil {
		return c, "", apperr.Wrap(err, "read relying party")
	}
	if c.AuthMethod == idp.AuthPrivateKeyJWT {
		c.Keys, err = d.clientKeys(ctx, id)
	}
	return c, hash, err
}

func (d *OIDC) clientKeys(ctx context.Context, id string) ([]idp.ClientKey, error) {
	rows, err := d.hotQuery(ctx, `SELECT kid, pem, added_at FROM oidc_client_keys WHERE client_id = $1 ORDER BY added_at`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "read relying party keys")
	}
	defer rows.Close()
	var out []idp.ClientKey
	for rows.Next() {
		var k idp.ClientKey
		var added any
		if err := rows.Scan(&k.KID, &k.PEM, &added); err != nil {
			return nil, apperr.Wrap(err, "read relying party keys")
		}
		if k.AddedAt, err = scanTime(added); err != nil {
			return nil, apperr.Wrap(err, "read relying party keys")
		}
		out = append(out, k)
	}
	return out, normalize(rows.Err(), "read relying party keys")
}

// Clients implements idp.Store.
func (d *OIDC) Clients(ctx context.Context) ([]idp.Client, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT `+oidcClientColumns+` FROM oidc_clients ORDER BY id`)
	if err != nil {
		return nil, apperr.Wrap(err, "list relying parties")
	}
	var out []idp.Client
	for rows.Next() {
		c, _, err := scanOIDCClient(rows)
		if err != nil {
			rows.Close()
			return nil, apperr.Wrap(err, "list relying parties")
		}
		out = append(out, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "list relying parties")
	}
	for i := range out {
		if out[i].AuthMethod == idp.AuthPrivateKeyJWT {
			if out[i].Keys, err = d.clientKeys(ctx, out[i].ID); err != nil {
				return nil, err
			}
		}
	}
	return out, nil
}

// SetClientStatus implements idp.Store.
func (d *OIDC) SetClientStatus(ctx context.Context, id string, s idp.ClientStatus) error {
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_clients SET status = $1 WHERE id = $2`, string(s), id)
	return affectedOne(res, err, "relying party")
}

// AddClientKey implements idp.Store; Conflict for a kid already held.
func (d *OIDC) AddClientKey(ctx context.Context, clientID string, k idp.ClientKey) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO oidc_client_keys (client_id, kid, pem, added_at) VALUES ($1, $2, $3, $4)`,
		clientID, k.KID, k.PEM, d.dialect.timeArg(k.AddedAt))
	return normalize(err, "add relying party key")
}

func affectedOne(res sql.Result, err error, what string) error {
	if err != nil {
		return normalize(err, "update "+what)
	}
	if n, err := res.RowsAffected(); err == nil && n == 0 {
		return apperr.New(apperr.NotFound, "no such %s", what)
	}
	return nil
}

// Consent implements idp.Store.
func (d *OIDC) Consent(ctx context.Context, citizenID, clientID string) (idp.Consent, error) {
	c, err := scanConsent(d.hotRow(ctx, `SELECT citizen_id, client_id, scopes, granted_at, withdrawn_at FROM oidc_consents WHERE citizen_id = $1 AND client_id = $2`, citizenID, clientID))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no consent")
	}
	return c, normalize(err, "read consent")
}

func scanConsent(row interface{ Scan(...any) error }) (idp.Consent, error) {
	var c idp.Consent
	var scopes string
	var granted, withdrawn any
	if err := row.Scan(&c.CitizenID, &c.ClientID, &scopes, &granted, &withdrawn); err != nil {
		return c, err
	}
	if err := json.Unmarshal([]byte(scopes), &c.Scopes); err != nil {
		return c, err
	}
	var err error
	if c.GrantedAt, err = scanTime(granted); err != nil {
		return c, err
	}
	c.WithdrawnAt, err = scanOptTime(withdrawn)
	return c, err
}

func scanOptTime(v any) (*time.Time, error) {
	if v == nil {
		return nil, nil
	}
	t, err := scanTime(v)
	return &t, err
}

// PutConsent implements idp.Store: the consent replaces an earlier one.
func (d *OIDC) PutConsent(ctx context.Context, c idp.Consent) error {
	scopes, _ := json.Marshal(nonNil(c.Scopes))
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO oidc_consents (citizen_id, client_id, scopes, granted_at, withdrawn_at) VALUES ($1, $2, $3, $4, NULL)
		ON CONFLICT (citizen_id, client_id) DO UPDATE SET scopes = excluded.scopes, granted_at = excluded.granted_at, withdrawn_at = NULL`,
		c.CitizenID, c.ClientID, string(scopes), d.dialect.timeArg(c.GrantedAt))
	return normalize(err, "store consent")
}

// Consents implements idp.Store.
func (d *OIDC) Consents(ctx context.Context, citizenID string) ([]idp.Consent, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT citizen_id, client_id, scopes, granted_at, withdrawn_at FROM oidc_consents WHERE citizen_id = $1 ORDER BY client_id`, citizenID)
	if err != nil {
		return nil, apperr.Wrap(err, "list consents")
	}
	defer rows.Close()
	out := []idp.Consent{}
	for rows.Next() {
		c, err := scanConsent(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list consents")
		}
		out = append(out, c)
	}
	return out, normalize(rows.Err(), "list consents")
}

// WithdrawConsent implements idp.Store; NotFound when there is none.
func (d *OIDC) WithdrawConsent(ctx context.Context, citizenID, clientID string, at time.Time) error {
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE oidc_consents SET withdrawn_at = $1 WHERE citizen_id = $2 AND client_id = $3 AND withdrawn_at IS NULL`,
		d.dialect.timeArg(at), citizenID, clientID)
	return affectedOne(res, err, "standing consent")
}
