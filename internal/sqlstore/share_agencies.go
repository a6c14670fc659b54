package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

const agencyColumns = `id, name, legal_basis, purposes, fields, events, rate_per_sec, burst, status, cert_thumbprint, created_at`

// CreateAgency stores a new partner agency; Conflict if the id is taken.
func (d *Sharing) CreateAgency(ctx context.Context, a share.Agency, secretHash string) error {
	purposes, _ := json.Marshal(a.Purposes) // plain data: cannot fail
	fields, _ := json.Marshal(nonNil(a.Fields))
	events, _ := json.Marshal(nonNil(a.Events))
	_, err := d.sql.ExecContext(ctx, `INSERT INTO agencies (`+agencyColumns+`, secret_hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
		a.ID, a.Name, a.LegalBasis, string(purposes), string(fields), string(events), a.RatePerSec, a.Burst, string(a.Status),
		a.CertThumbprint, d.dialect.timeArg(a.CreatedAt), secretHash)
	return normalize(err, "create agency")
}

func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}

func scanAgency(row interface{ Scan(...any) error }) (share.Agency, error) {
	var a share.Agency
	var purposes, fields, events string
	var created any
	if err := row.Scan(&a.ID, &a.Name, &a.LegalBasis, &purposes, &fields, &events, &a.RatePerSec, &a.Burst, &a.Status, &a.CertThumbprint, &created); err != nil {
		return a, err
	}
	for _, p := range []struct {
		src string
		dst any
	}{{purposes, &a.Purposes}, {fields, &a.Fields}, {events, &a.Events}} {
		if err := json.Unmarshal([]byte(p.src), p.dst); err != nil {
			return a, err
		}
	}
	var err error
	a.CreatedAt, err = scanTime(created)
	return a, err
}

// Agency reads one agency.
func (d *Sharing) Agency(ctx context.Context, id string) (share.Agency, error) {
	a, err := scanAgency(d.hotRow(ctx, `SELECT `+agencyColumns+` FROM agencies WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.New(apperr.NotFound, "no such agency")
	}
	return a, normalize(err, "read agency")
}

// Agencies lists every agency by id.
func (d *Sharing) Agencies(ctx context.Context) ([]share.Agency, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+agencyColumns+` FROM agencies ORDER BY id`)
	if err != nil {
		return nil, apperr.Wrap(err, "list agencies")
	}
	defer rows.Close()
	out := []share.Agency{}
	for rows.Next() {
		a, err := scanAgency(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list agencies")
		}
		out = append(out, a)
	}
	return out, normalize(rows.Err(), "list agencies")
}

// AgencySecretHash returns the stored hash of the client secret.
func (d *Sharing) AgencySecretHash(ctx context.Context, id string) (string, error) {
	var h string
	err := d.sql.QueryRowContext(ctx, `SELECT secret_hash FROM agencies WHERE id = $1`, id).Scan(&h)
	if errors.Is(err, sql.ErrNoRows) {
		return "", apperr.New(apperr.NotFound, "no such agency")
	}
	return h, normalize(err, "read agency secret")
}

// SetAgencyStatus suspends or reinstates an agency.
func (d *Sharing) SetAgencyStatus(ctx context.Context, id string, st share.AgencyStatus) error {
	return d.updateAgency(ctx, `UPDATE agencies SET status = $2 WHERE id = $1`, id, string(st))
}

// SetAgencySecret replaces the client secret hash (rotation).
func (d *Sharing) SetAgencySecret(ctx context.Context, id, secretHash string) error {
	return d.updateAgency(ctx, `UPDATE agencies SET secret_hash = $2 WHERE id = $1`, id, secretHash)
}

func (d *DB) updateAgency(ctx context.Context, query string, args ...any) error {
	res, err := d.sql.ExecContext(ctx, query, args...)
	if err != nil {
		return normalize(err, "update agency")
	}
	if n, _ := res.RowsAffected(); n != 1 {
		return apperr.New(apperr.NotFound, "no such agency")
	}
	return nil
}

// AddAgencyKey registers a public key; Conflict if the kid is taken.
func (d *Sharing) AddAgencyKey(ctx context.Context, k share.AgencyKey) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO agency_keys (agency_id, kid, pem, added_at) VALUES ($1, $2, $3, $4)`,
		k.AgencyID, k.KID, k.PEM, d.dialect.timeArg(k.AddedAt))
	return normalize(err, "add agency key")
}

// RetireAgencyKey stops a key from verifying new assertions.
func (d *Sharing) RetireAgencyKey(ctx context.Context, agencyID, kid string, at time.Time) error {
	return d.updateAgency(ctx, `UPDATE agency_keys SET retired_at = $3 WHERE agency_id = $1 AND kid = $2 AND retired_at IS NULL`,
		agencyID, kid, d.dialect.timeArg(at))
}

// AgencyKeys lists an agency's keys, oldest first.
func (d *Sharing) AgencyKeys(ctx context.Context, agencyID string) ([]share.AgencyKey, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT agency_id, kid, pem, added_at, retired_at FROM agency_keys WHERE agency_id = $1 ORDER BY added_at, kid`, agencyID)
	if err != nil {
		return nil, apperr.Wrap(err, "list agency keys")
	}
	defer rows.Close()
	var out []share.AgencyKey
	for rows.Next() {
		var k share.AgencyKey
		var added, retired any
		if err := rows.Scan(&k.AgencyID, &k.KID, &k.PEM, &added, &retired); err != nil {
			return nil, apperr.Wrap(err, "list agency keys")
		}
		if k.AddedAt, err = scanTime(added); err != nil {
			return nil, apperr.Wrap(err, "list agency keys")
		}
		if retired != nil {
			t, err := scanTime(retired)
			if err != nil {
				return nil, apperr.Wrap(err, "list agency keys")
			}
			k.RetiredAt = &t
		}
		out = append(out, k)
	}
	return out, normalize(rows.Err(), "list agency keys")
}
