package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/registry"
	"dancu/internal/textfold"
)

var insertCitizenSQL = insertSQL(postgresDialect, "citizens", citizenColumns, 1)

// insertVersionSQL appends a version row whose first argument is the
// citizen's text id: the row stores the rid of the projection row the same
// transaction wrote or locked.
var insertVersionSQL = strings.Replace(insertSQL(postgresDialect, "citizen_versions", versionColumns, 1),
	"VALUES ($1,", "VALUES ((SELECT rid FROM citizens WHERE id = $1),", 1)

// insertSQL builds "INSERT INTO t (cols) VALUES (…), (…)" for n rows.
func insertSQL(d dialect, table string, cols []string, n int) string {
	var b strings.Builder
	b.WriteString("INSERT INTO " + table + " (" + strings.Join(cols, ", ") + ") VALUES ")
	for r := 0; r < n; r++ {
		if r > 0 {
			b.WriteString(", ")
		}
		b.WriteString("(" + d.params(1+r*len(cols), len(cols)) + ")")
	}
	return b.String()
}

// PutVersion implements registry.Writer inside the caller's transaction.
func (d *Citizens) PutVersion(ctx context.Context, c registry.Citizen, prevVersion int, meta registry.ChangeMeta, previous map[string]any) error {
	tx, err := mustTx(ctx, "PutVersion")
	if err != nil {
		return err
	}
	return d.putVersion(ctx, tx, c, prevVersion, meta, previous)
}

// putVersion inserts (prevVersion 0) or updates the projection and appends
// the version row.
func (d *DB) putVersion(ctx context.Context, tx queryer, c registry.Citizen, prevVersion int, meta registry.ChangeMeta, previous map[string]any) error {
	// Links to relatives live in the projection, kept current by setLinks
	// and relink; one stored in the history would go stale.
	stored := c
	for _, r := range stored.Relatives() {
		r.CitizenID = ""
	}
	data, err := json.Marshal(stored)
	if err != nil {
		return apperr.Wrap(err, "encode citizen")
	}
	valid := meta.ValidFrom
	if valid.IsZero() {
		valid = c.UpdatedAt
	}
	vargs, err := d.versionArgs(&c, c.UpdatedAt, valid, meta, previous, data)
	if err != nil {
		return apperr.Wrap(err, "encode previous values")
	}
	pargs := d.projectionArgs(&c, 0)
	var before string // the number c held before this version
	if prevVersion == 0 {
		_, err = tx.ExecContext(ctx, insertCitizenSQL, pargs...)
	} else if before, err = currentNumber(ctx, tx, c.ID); err == nil {
		var res sql.Result
		// content_hash ($5 in the insert) stays: it fingerprints the imported
		// form, so re-importing that form is still recognised as unchanged.
		upd := append(append(pargs[:4:4], pargs[5:]...), prevVersion)
		res, err = tx.ExecContext(ctx, `UPDATE citizens SET id_number = $2, old_id_number = $3, record_ref = $4,
			full_name = $5, name_key = $6, birth_year = $7, birth_date = $8, sex = $9, status = $10,
			permanent_commune = $11, permanent_province = $12, household_ref = $13, version = $14, updated_at = $15,
			father_number = $16, mother_number = $17, spouse_number = $18, representative_number = $19, head_number = $20
			WHERE id = $1 AND version = $21`, upd...)
		if err == nil {
			if n, _ := res.RowsAffected(); n != 1 {
				return apperr.New(apperr.Conflict, "the record changed meanwhile (version %d is no longer current); reload and retry", prevVersion)
			}
		}
	}
	if err != nil {
		return normalize(err, "write citizen")
	}
	if _, err := tx.ExecContext(ctx, insertVersionSQL, vargs...); err != nil {
		return normalize(err, "append version")
	}
	if err := setLinks(ctx, tx, c.ID); err != nil {
		return err
	}
	if err := relink(ctx, tx, c.IDNumber, before); err != nil {
		return err
	}
	return keepFormerName(ctx, tx, c, previous)
}

// currentNumber reads the ID number the projection holds for id, inside
// the write's transaction.
func currentNumber(ctx context.Context, tx queryer, id string) (string, error) {
	var n sql.NullString
	err := tx.QueryRowContext(ctx, `SELECT id_number FROM citizens WHERE id = $1`, id).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return "", nil // the versioned update below reports it
	}
	return n.String, err
}

// keepFormerName indexes the name a version replaced, so that a search by
// a person's former name still finds them.
func keepFormerName(ctx context.Context, tx queryer, c registry.Citizen, previous map[string]any) error {
	old, ok := previous["full_name"].(string)
	if !ok || old == "" || textfold.Fold(old) == textfold.Fold(c.FullName) {
		return nil
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO citizen_former_names (citizen_id, name_key, full_name) VALUES ($1, $2, $3)
		ON CONFLICT (citizen_id, name_key) DO NOTHING`, c.ID, textfold.Fold(old), old)
	return normalize(err, "keep the former name")
}

// LockCitizen implements registry.Writer: the current state, locked until
// the caller's transaction ends.
func (d *Citizens) LockCitizen(ctx context.Context, id string) (registry.Citizen, error) {
	tx, err := mustTx(ctx, "LockCitizen")
	if err != nil {
		return registry.Citizen{}, err
	}
	return d.lockCitizen(ctx, tx, id)
}

// NumbersTaken implements registry.Writer.
func (d *Citizens) NumbersTaken(ctx context.Context, numbers []string) (map[string]bool, error) {
	return numbersTaken(ctx, d.dialect, d.q(ctx), numbers, false)
}

// CancelNumber implements registry.Writer.
func (d *Citizens) CancelNumber(ctx context.Context, n registry.CancelledNumber) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO cancelled_id_numbers (number, citizen_id, cancelled_at, reason, replaced_by) VALUES ($1, $2, $3, $4, $5)`,
		n.Number, n.CitizenID, d.dialect.timeArg(n.CancelledAt), n.Reason, nullable(n.ReplacedBy))
	return normalize(err, "cancel ID number")
}

// normalize maps driver errors to application errors: a unique violation
// becomes Conflict, everything else Internal.
func normalize(err error, what string) error {
	if err == nil {
		return nil
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: what + ": a record with the same unique value exists", Err: err}
	}
	return apperr.Wrap(err, "%s", what)
}

// RestoreNumber implements registry.Writer: a cancelled number is held
// again by the person it was cancelled from (an undone merge). Its row in
// cancelled_id_numbers goes: that table means "no longer held; leads to
// this person", and a number both current and cancelled could not be
// cancelled again by a later replacement.
func (d *Citizens) RestoreNumber(ctx context.Context, number, citizenID string) error {
	_, err := d.q(ctx).ExecContext(ctx, `DELETE FROM cancelled_id_numbers WHERE number = $1 AND citizen_id = $2`, number, citizenID)
	return normalize(err, "re-establish ID number")
}
