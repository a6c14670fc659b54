package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

var insertCitizenSQL = insertSQL(postgresDialect, "citizens", citizenColumns, 1)
var insertVersionSQL = insertSQL(postgresDialect, "citizen_versions", versionColumns, 1)

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

func requireReason(meta registry.ChangeMeta) error {
	if strings.TrimSpace(meta.Reason) == "" {
		return apperr.WithFields("a reason or legal basis is required for every change", apperr.FieldError{Field: "reason", Reason: "required"})
	}
	if strings.TrimSpace(meta.Actor) == "" {
		return apperr.New(apperr.Invalid, "the actor of a change is required")
	}
	return nil
}

// Create inserts a new citizen as version 1.
func (d *DB) Create(ctx context.Context, c registry.Citizen, meta registry.ChangeMeta) (registry.Citizen, error) {
	if err := requireReason(meta); err != nil {
		return c, err
	}
	if c.ID == "" {
		return c, apperr.New(apperr.Invalid, "citizen has no id")
	}
	now := d.now().UTC()
	c.Version, c.UpdatedAt = 1, now
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if err := d.writeVersion(ctx, tx, &c, 0, meta, nil); err != nil {
			return err
		}
		return d.refreshFindings(ctx, tx, nil, &c)
	})
	return c, err
}

// writeVersion inserts (prevVersion 0) or updates the projection and
// appends the version row, inside tx.
func (d *DB) writeVersion(ctx context.Context, tx *sql.Tx, c *registry.Citizen, prevVersion int, meta registry.ChangeMeta, previous map[string]any) error {
	// Links to relatives are derived on every read (a relative may join the
	// register later); a stored one would go stale.
	stored := *c
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
	vargs, err := d.versionArgs(c, c.UpdatedAt, valid, meta, previous, data)
	if err != nil {
		return apperr.Wrap(err, "encode previous values")
	}
	pargs := d.projectionArgs(c, 0)
	if prevVersion == 0 {
		_, err = tx.ExecContext(ctx, insertCitizenSQL, pargs...)
	} else {
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
	// Change notifications for partner agencies, in the same transaction.
	return d.citizenEvents(ctx, tx, c, prevVersion == 0, previous)
}

// Update applies change to the current state and appends a version holding
// the previous values of the changed fields.
func (d *DB) Update(ctx context.Context, id string, expectedVersion int, change func(*registry.Citizen) error, meta registry.ChangeMeta) (registry.Citizen, error) {
	if err := requireReason(meta); err != nil {
		return registry.Citizen{}, err
	}
	var out registry.Citizen
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		out, err = d.updateInTx(ctx, tx, id, expectedVersion, change, meta)
		return err
	})
	return out, err
}

func (d *DB) updateInTx(ctx context.Context, tx *sql.Tx, id string, expectedVersion int, change func(*registry.Citizen) error, meta registry.ChangeMeta) (registry.Citizen, error) {
	cur, err := d.oneCitizen(ctx, tx, "id", currentData+`WHERE c.id = $1`+d.dialect.forUpdate, id)
	if err != nil {
		return cur, err
	}
	if expectedVersion != 0 && cur.Version != expectedVersion {
		return cur, apperr.New(apperr.Conflict, "the record is at version %d, not %d; reload and retry", cur.Version, expectedVersion)
	}
	next := cur
	next.CancelledIDNumbers = append([]string(nil), cur.CancelledIDNumbers...)
	if err := change(&next); err != nil {
		return cur, err
	}
	next.ID, next.RecordRef = cur.ID, cur.RecordRef
	diff := registry.Diff(cur, next)
	if len(diff) == 0 {
		return cur, nil // nothing changed: no new version
	}
	next.Version, next.UpdatedAt = cur.Version+1, d.now().UTC()
	if err := d.writeVersion(ctx, tx, &next, cur.Version, meta, registry.Previous(diff)); err != nil {
		return cur, err
	}
	if err := d.refreshFindings(ctx, tx, &cur, &next); err != nil {
		return cur, err
	}
	return next, nil
}

// ReplaceIDNumber cancels the current number, keeping it linked to the
// person so it is never issued again, and sets newNumber; one version.
func (d *DB) ReplaceIDNumber(ctx context.Context, id, newNumber string, meta registry.ChangeMeta) (registry.Citizen, error) {
	if err := requireReason(meta); err != nil {
		return registry.Citizen{}, err
	}
	var out registry.Citizen
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		taken, err := numbersTaken(ctx, d.dialect, tx, []string{newNumber})
		if err != nil {
			return err
		}
		if taken[newNumber] {
			return apperr.New(apperr.Conflict, "ID number %s is already in use or was cancelled", newNumber)
		}
		var old string
		out, err = d.updateInTx(ctx, tx, id, 0, func(c *registry.Citizen) error {
			old = c.IDNumber
			if old != "" {
				c.CancelledIDNumbers = append(c.CancelledIDNumbers, old)
			}
			c.IDNumber = newNumber
			return nil
		}, meta)
		if err != nil || old == "" {
			return err
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO cancelled_id_numbers (number, citizen_id, cancelled_at, reason, replaced_by) VALUES ($1, $2, $3, $4, $5)`,
			old, id, d.dialect.timeArg(d.now()), meta.Reason, newNumber)
		return normalize(err, "cancel ID number")
	})
	return out, err
}

func (d *DB) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(err, "begin transaction")
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	if err := tx.Commit(); err != nil {
		return normalize(err, "commit")
	}
	return nil
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
