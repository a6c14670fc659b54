package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// PutCode implements eid.Store: one live code per account and purpose.
func (d *EID) PutCode(ctx context.Context, c eid.Code) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO eid_codes (account_id, purpose, code_hash, expires_at, attempts, created_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (account_id, purpose) DO UPDATE SET code_hash = excluded.code_hash, expires_at = excluded.expires_at,
			attempts = excluded.attempts, created_at = excluded.created_at`,
		c.AccountID, c.Purpose, c.Hash, d.dialect.timeArg(c.ExpiresAt), c.Attempts, d.dialect.timeArg(c.CreatedAt))
	return normalize(err, "store one-time code")
}

// Code implements eid.Store.
func (d *EID) Code(ctx context.Context, accountID, purpose string) (eid.Code, error) {
	c := eid.Code{AccountID: accountID, Purpose: purpose}
	var exp, created any
	err := d.q(ctx).QueryRowContext(ctx, `SELECT code_hash, expires_at, attempts, created_at FROM eid_codes
		WHERE account_id = $1 AND purpose = $2`, accountID, purpose).Scan(&c.Hash, &exp, &c.Attempts, &created)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no code")
	}
	if err != nil {
		return c, apperr.Wrap(err, "read one-time code")
	}
	if c.ExpiresAt, err = scanTime(exp); err != nil {
		return c, apperr.Wrap(err, "read one-time code")
	}
	if c.CreatedAt, err = scanTime(created); err != nil {
		return c, apperr.Wrap(err, "read one-time code")
	}
	return c, nil
}

// DeleteCode implements eid.Store.
func (d *EID) DeleteCode(ctx context.Context, accountID, purpose string) error {
	_, err := d.q(ctx).ExecContext(ctx, `DELETE FROM eid_codes WHERE account_id = $1 AND purpose = $2`, accountID, purpose)
	return normalize(err, "delete one-time code")
}

// PutEnrolment implements eid.Store.
func (d *EID) PutEnrolment(ctx context.Context, e eid.Enrolment) error {
	dec, err := json.Marshal(e.Decisions)
	if err != nil {
		return apperr.Wrap(err, "encode decisions")
	}
	_, err = d.q(ctx).ExecContext(ctx, `INSERT INTO eid_enrolments (id, account_id, citizen_id, kind, level, actor, outcome, reason, decisions, at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		e.ID, e.AccountID, e.CitizenID, e.Kind, e.Level, e.Actor, e.Outcome, e.Reason, string(dec), d.dialect.timeArg(e.At))
	return normalize(err, "record enrolment")
}

// Enrolments implements eid.Store: a citizen's enrolments, oldest first.
func (d *EID) Enrolments(ctx context.Context, citizenID string) ([]eid.Enrolment, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT id, account_id, citizen_id, kind, level, actor, outcome, reason, decisions, at
		FROM eid_enrolments WHERE citizen_id = $1 ORDER BY at, id`, citizenID)
	if err != nil {
		return nil, apperr.Wrap(err, "list enrolments")
	}
	defer rows.Close()
	out := []eid.Enrolment{}
	for rows.Next() {
		var e eid.Enrolment
		var dec string
		var at any
		if err := rows.Scan(&e.ID, &e.AccountID, &e.CitizenID, &e.Kind, &e.Level, &e.Actor, &e.Outcome, &e.Reason, &dec, &at); err != nil {
			return nil, apperr.Wrap(err, "list enrolments")
		}
		if err := json.Unmarshal([]byte(dec), &e.Decisions); err != nil {
			return nil, apperr.Wrap(err, "decode decisions")
		}
		if e.At, err = scanTime(at); err != nil {
			return nil, apperr.Wrap(err, "list enrolments")
		}
		out = append(out, e)
	}
	return out, normalize(rows.Err(), "list enrolments")
}

// TouchDevice implements eid.Store: a new device, or a known one seen again.
func (d *EID) TouchDevice(ctx context.Context, dv eid.Device) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO eid_devices (id, account_id, label, first_seen, last_seen)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (account_id, id) DO UPDATE SET last_seen = excluded.last_seen`,
		dv.ID, dv.AccountID, dv.Label, d.dialect.timeArg(dv.FirstSeen), d.dialect.timeArg(dv.LastSeen))
	return normalize(err, "record device")
}

// Devices implements eid.Store: most recently seen first.
func (d *EID) Devices(ctx context.Context, accountID string) ([]eid.Device, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT id, label, first_seen, last_seen FROM eid_devices
		WHERE account_id = $1 ORDER BY last_seen DESC, id`, accountID)
	if err != nil {
		return nil, apperr.Wrap(err, "list devices")
	}
	defer rows.Close()
	out := []eid.Device{}
	for rows.Next() {
		dv := eid.Device{AccountID: accountID}
		var first, last any
		if err := rows.Scan(&dv.ID, &dv.Label, &first, &last); err != nil {
			return nil, apperr.Wrap(err, "list devices")
		}
		if dv.FirstSeen, err = scanTime(first); err != nil {
			return nil, apperr.Wrap(err, "list devices")
		}
		if dv.LastSeen, err = scanTime(last); err != nil {
			return nil, apperr.Wrap(err, "list devices")
		}
		out = append(out, dv)
	}
	return out, normalize(rows.Err(), "list devices")
}

// DeleteDevice implements eid.Store.
func (d *EID) DeleteDevice(ctx context.Context, accountID, deviceID string) error {
	res, err := d.q(ctx).ExecContext(ctx, `DELETE FROM eid_devices WHERE account_id = $1 AND id = $2`, accountID, deviceID)
	if err != nil {
		return normalize(err, "delete device")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "no such device")
	}
	return nil
}

// PutPasskey implements eid.Store (insert or update the record).
func (d *EID) PutPasskey(ctx context.Context, p eid.Passkey) error {
	var used any
	if p.LastUsedAt != nil {
		used = d.dialect.timeArg(*p.LastUsedAt)
	}
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO eid_passkeys (id, account_id, name, data, created_at, last_used_at)
		VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (id) DO UPDATE SET data = excluded.data, last_used_at = excluded.last_used_at
		WHERE eid_passkeys.account_id = excluded.account_id`,
		p.ID, p.AccountID, p.Name, string(p.Data), d.dialect.timeArg(p.CreatedAt), used)
	return normalize(err, "store passkey")
}

func scanPasskey(row interface{ Scan(...any) error }) (eid.Passkey, error) {
	var p eid.Passkey
	var data string
	var created, used any
	if err := row.Scan(&p.ID, &p.AccountID, &p.Name, &data, &created, &used); err != nil {
		return p, err
	}
	p.Data = []byte(data)
	var err error
	if p.CreatedAt, err = scanTime(created); err != nil {
		return p, err
	}
	if used != nil {
		t, err := scanTime(used)
		if err != nil {
			return p, err
		}
		p.LastUsedAt = &t
	}
	return p, nil
}

const passkeyColumns = `id, account_id, name, data, created_at, last_used_at`

// Passkeys implements eid.Store.
func (d *EID) Passkeys(ctx context.Context, accountID string) ([]eid.Passkey, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT `+passkeyColumns+` FROM eid_passkeys WHERE account_id = $1 ORDER BY created_at, id`, accountID)
	if err != nil {
		return nil, apperr.Wrap(err, "list passkeys")
	}
	defer rows.Close()
	out := []eid.Passkey{}
	for rows.Next() {
		p, err := scanPasskey(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list passkeys")
		}
		out = append(out, p)
	}
	return out, normalize(rows.Err(), "list passkeys")
}

// PasskeyByID implements eid.Store.
func (d *EID) PasskeyByID(ctx context.Context, id string) (eid.Passkey, error) {
	p, err := scanPasskey(d.q(ctx).QueryRowContext(ctx, `SELECT `+passkeyColumns+` FROM eid_passkeys WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return p, apperr.New(apperr.NotFound, "no such passkey")
	}
	if err != nil {
		return p, apperr.Wrap(err, "read passkey")
	}
	return p, nil
}

// DeletePasskey implements eid.Store.
func (d *EID) DeletePasskey(ctx context.Context, accountID, id string) error {
	res, err := d.q(ctx).ExecContext(ctx, `DELETE FROM eid_passkeys WHERE account_id = $1 AND id = $2`, accountID, id)
	if err != nil {
		return normalize(err, "delete passkey")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.NotFound, "no such passkey")
	}
	return nil
}

// PutCeremony implements eid.Store; expired ceremonies are swept on the way.
func (d *EID) PutCeremony(ctx context.Context, c eid.Ceremony) error {
	q := d.q(ctx)
	if _, err := q.ExecContext(ctx, `DELETE FROM eid_ceremonies WHERE expires_at < $1`, d.dialect.timeArg(d.Now())); err != nil {
		return normalize(err, "sweep ceremonies")
	}
	_, err := q.ExecContext(ctx, `INSERT INTO eid_ceremonies (id, account_id, kind, data, expires_at) VALUES ($1, $2, $3, $4, $5)`,
		c.ID, c.AccountID, c.Kind, string(c.Data), d.dialect.timeArg(c.ExpiresAt))
	return normalize(err, "store ceremony")
}

// TakeCeremony implements eid.Store: the row is deleted as it is read, so
// two finishes of one ceremony cannot both succeed.
func (d *EID) TakeCeremony(ctx context.Context, id string) (eid.Ceremony, error) {
	var c eid.Ceremony
	err := d.InTx(ctx, func(ctx context.Context) error {
		q := d.q(ctx)
		var data string
		var exp any
		err := q.QueryRowContext(ctx, `SELECT id, account_id, kind, data, expires_at FROM eid_ceremonies WHERE id = $1`, id).
			Scan(&c.ID, &c.AccountID, &c.Kind, &data, &exp)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.New(apperr.NotFound, "no such ceremony")
		}
		if err != nil {
			return apperr.Wrap(err, "read ceremony")
		}
		c.Data = []byte(data)
		if c.ExpiresAt, err = scanTime(exp); err != nil {
			return apperr.Wrap(err, "read ceremony")
		}
		res, err := q.ExecContext(ctx, `DELETE FROM eid_ceremonies WHERE id = $1`, id)
		if err != nil {
			return normalize(err, "take ceremony")
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.New(apperr.NotFound, "no such ceremony")
		}
		return nil
	})
	return c, err
}
