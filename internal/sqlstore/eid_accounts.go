package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// EID stores citizens' VNeID accounts (migrations/*/0020_eid.sql). It
// implements eid.Store and decides nothing: levels, states, codes and
// eligibility are the eid package's.

const eidAccountColumns = `id, citizen_id, level, status, status_reason, COALESCE(phone, ''), COALESCE(email, ''), guardian_id,
	password_hash, second_factor, created_at, updated_at, activated_at, version`

func scanEIDAccount(row interface{ Scan(...any) error }) (eid.StoredAccount, error) {
	var a eid.StoredAccount
	var status string
	var second int
	var created, updated, activated any
	err := row.Scan(&a.ID, &a.CitizenID, &a.Level, &status, &a.StatusReason, &a.Phone, &a.Email, &a.GuardianID,
		&a.PasswordHash, &second, &created, &updated, &activated, &a.Version)
	if err != nil {
		return a, err
	}
	a.Status, a.SecondFactor, a.HasPassword = eid.Status(status), second != 0, a.PasswordHash != ""
	if a.CreatedAt, err = scanTime(created); err != nil {
		return a, err
	}
	if a.UpdatedAt, err = scanTime(updated); err != nil {
		return a, err
	}
	if activated != nil {
		t, err := scanTime(activated)
		if err != nil {
			return a, err
		}
		a.ActivatedAt = &t
	}
	return a, nil
}

func eidAccountResult(a eid.StoredAccount, err error) (eid.StoredAccount, error) {
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.New(apperr.NotFound, "no VNeID account")
	}
	if err != nil {
		return a, apperr.Wrap(err, "read VNeID account")
	}
	return a, nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// CreateAccount implements eid.Store.
func (d *EID) CreateAccount(ctx context.Context, a eid.StoredAccount) error {
	var activated any
	if a.ActivatedAt != nil {
		activated = d.dialect.timeArg(*a.ActivatedAt)
	}
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO eid_accounts (id, citizen_id, level, status, status_reason, phone, email,
		guardian_id, password_hash, second_factor, created_at, updated_at, activated_at, version)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
		a.ID, a.CitizenID, a.Level, string(a.Status), a.StatusReason, nullable(a.Phone), nullable(a.Email), a.GuardianID,
		a.PasswordHash, boolInt(a.SecondFactor), d.dialect.timeArg(a.CreatedAt), d.dialect.timeArg(a.UpdatedAt), activated, a.Version)
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: "the citizen, phone or e-mail already has a VNeID account", Err: err}
	}
	return normalize(err, "create VNeID account")
}

// UpdateAccount implements eid.Store: guarded by the previous version.
func (d *EID) UpdateAccount(ctx context.Context, a eid.StoredAccount) error {
	var activated any
	if a.ActivatedAt != nil {
		activated = d.dialect.timeArg(*a.ActivatedAt)
	}
	res, err := d.q(ctx).ExecContext(ctx, `UPDATE eid_accounts SET level = $2, status = $3, status_reason = $4, phone = $5, email = $6,
		guardian_id = $7, password_hash = $8, second_factor = $9, updated_at = $10, activated_at = $11, version = $12
		WHERE id = $1 AND version = $13`,
		a.ID, a.Level, string(a.Status), a.StatusReason, nullable(a.Phone), nullable(a.Email), a.GuardianID, a.PasswordHash,
		boolInt(a.SecondFactor), d.dialect.timeArg(a.UpdatedAt), activated, a.Version, a.Version-1)
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: "the phone or e-mail already has a VNeID account", Err: err}
	}
	if err != nil {
		return normalize(err, "update VNeID account")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return apperr.New(apperr.Conflict, "the VNeID account changed meanwhile; try again")
	}
	return nil
}

// Account implements eid.Store.
func (d *EID) Account(ctx context.Context, id string) (eid.StoredAccount, error) {
	return eidAccountResult(scanEIDAccount(d.q(ctx).QueryRowContext(ctx, `SELECT `+eidAccountColumns+` FROM eid_accounts WHERE id = $1`, id)))
}

// AccountByCitizen implements eid.Store.
func (d *EID) AccountByCitizen(ctx context.Context, citizenID string) (eid.StoredAccount, error) {
	return eidAccountResult(scanEIDAccount(d.q(ctx).QueryRowContext(ctx,
		`SELECT `+eidAccountColumns+` FROM eid_accounts WHERE citizen_id = $1`, citizenID)))
}

// AccountByContact implements eid.Store: by phone when given, else e-mail.
func (d *EID) AccountByContact(ctx context.Context, phone, email string) (eid.StoredAccount, error) {
	col, v := "phone", phone
	if phone == "" {
		col, v = "email", email
	}
	if v == "" {
		return eid.StoredAccount{}, apperr.New(apperr.NotFound, "no VNeID account")
	}
	return eidAccountResult(scanEIDAccount(d.q(ctx).QueryRowContext(ctx,
		`SELECT `+eidAccountColumns+` FROM eid_accounts WHERE `+col+` = $1`, v)))
}

// AccountsByGuardian implements eid.Store.
func (d *EID) AccountsByGuardian(ctx context.Context, guardianID string) ([]eid.Account, error) {
	rows, err := d.q(ctx).QueryContext(ctx, `SELECT `+eidAccountColumns+` FROM eid_accounts
		WHERE guardian_id = $1 AND guardian_id <> '' ORDER BY id`, guardianID)
	if err != nil {
		return nil, apperr.Wrap(err, "list wards' accounts")
	}
	defer rows.Close()
	out := []eid.Account{}
	for rows.Next() {
		a, err := scanEIDAccount(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list wards' accounts")
		}
		out = append(out, a.Account)
	}
	return out, normalize(rows.Err(), "list wards' accounts")
}
