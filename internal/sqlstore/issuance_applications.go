package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"strconv"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

const applicationColumns = `id, citizen_id, id_number, type, reason, station_id, unit, province, state,
	received_at, promised_date, fee, fee_basis, captures, version, updated_at`

// CreateApplication inserts an application and its first transition and
// marks the citizen's active appointment of that day at the station served.
func (d *Issuance) CreateApplication(ctx context.Context, a issuance.Application, first issuance.Transition) error {
	captures, err := json.Marshal(a.Captures)
	if err != nil {
		return apperr.Wrap(err, "encode captures")
	}
	received := issuance.Day(a.ReceivedAt)
	return d.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO applications (`+applicationColumns+`, received_day)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
			a.ID, a.CitizenID, a.IDNumber, string(a.Type), string(a.Reason), a.StationID, a.Unit, a.Province, string(a.State),
			d.dialect.timeArg(a.ReceivedAt), dayArg(a.PromisedDate), a.Fee, a.FeeBasis, string(captures), a.Version,
			d.dialect.timeArg(a.UpdatedAt), dayArg(received))
		if isUniqueViolation(err) {
			return &apperr.Error{Code: apperr.Conflict, Message: "the citizen already has an application under way", Err: err}
		}
		if err != nil {
			return apperr.Wrap(err, "create application")
		}
		if err := d.insertTransition(ctx, tx, first); err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE appointments SET state = 'served', updated_at = $4
			WHERE citizen_id = $1 AND station_id = $2 AND day = $3 AND state = 'active'`,
			a.CitizenID, a.StationID, dayArg(received), d.dialect.timeArg(a.ReceivedAt))
		return normalize(err, "mark appointment served")
	})
}

func scanApplication(row interface{ Scan(...any) error }) (issuance.Application, error) {
	var a issuance.Application
	var received, updated any
	var promised, captures string
	if err := row.Scan(&a.ID, &a.CitizenID, &a.IDNumber, &a.Type, &a.Reason, &a.StationID, &a.Unit, &a.Province, &a.State,
		&received, &promised, &a.Fee, &a.FeeBasis, &captures, &a.Version, &updated); err != nil {
		return a, err
	}
	var err error
	if a.ReceivedAt, err = scanTime(received); err != nil {
		return a, err
	}
	if a.UpdatedAt, err = scanTime(updated); err != nil {
		return a, err
	}
	if a.PromisedDate, err = scanDay(promised); err != nil {
		return a, err
	}
	return a, json.Unmarshal([]byte(captures), &a.Captures)
}

// Application reads one application.
func (d *Issuance) Application(ctx context.Context, id string) (issuance.Application, error) {
	return d.applicationIn(ctx, d.sql, id)
}

func (d *DB) applicationIn(ctx context.Context, q queryer, id string) (issuance.Application, error) {
	a, err := scanApplication(q.QueryRowContext(ctx, `SELECT `+applicationColumns+` FROM applications WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.New(apperr.NotFound, "no application with that id")
	}
	return a, normalize(err, "read application")
}

// Applications lists applications by received time, oldest first.
func (d *Issuance) Applications(ctx context.Context, f issuance.Filter) ([]issuance.Application, error) {
	var where []string
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	if f.Scope != "" {
		where = append(where, unitColumn(f.Scope)+" = "+arg(f.Scope))
	}
	if f.State != "" {
		where = append(where, "state = "+arg(string(f.State)))
	}
	if f.StationID != "" {
		where = append(where, "station_id = "+arg(f.StationID))
	}
	if f.LateOn != nil {
		where = append(where, "promised_date < "+arg(dayArg(*f.LateOn))+" AND state NOT IN ('handed_over', 'rejected', 'cancelled')")
	}
	if !f.After.IsZero() {
		at := arg(d.dialect.timeArg(f.After.ReceivedAt))
		where = append(where, "(received_at > "+at+" OR (received_at = "+at+" AND id > "+arg(f.After.ID)+"))")
	}
	query := `SELECT ` + applicationColumns + ` FROM applications`
	for i, w := range where {
		query += map[bool]string{true: " WHERE ", false: " AND "}[i == 0] + w
	}
	if f.Limit <= 0 || f.Limit > issuance.MaxPage+1 {
		f.Limit = issuance.MaxPage + 1
	}
	rows, err := d.sql.QueryContext(ctx, query+` ORDER BY received_at, id LIMIT `+arg(f.Limit), args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list applications")
	}
	defer rows.Close()
	out := []issuance.Application{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list applications")
		}
		out = append(out, a)
	}
	return out, normalize(rows.Err(), "list applications")
}
