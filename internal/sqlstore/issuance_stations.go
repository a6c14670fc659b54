package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

const stationColumns = `id, code, name, kind, unit, province, address, machines, minutes_per_intake, slot_minutes, hours, active_from, active_to`

// CreateStation inserts a station; a taken code is a Conflict.
func (d *Issuance) CreateStation(ctx context.Context, s issuance.Station) error {
	hours, err := json.Marshal(s.Hours)
	if err != nil {
		return apperr.Wrap(err, "encode station hours")
	}
	_, err = d.sql.ExecContext(ctx, `INSERT INTO stations (`+stationColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
		s.ID, s.Code, s.Name, string(s.Kind), s.Unit, s.Province, s.Address, s.Machines, s.MinutesPerIntake, s.SlotMinutes,
		string(hours), nullDayArg(s.ActiveFrom), nullDayArg(s.ActiveTo))
	if isUniqueViolation(err) {
		return &apperr.Error{Code: apperr.Conflict, Message: "station code " + s.Code + " is taken", Err: err}
	}
	return normalize(err, "create station")
}

func scanStation(row interface{ Scan(...any) error }) (issuance.Station, error) {
	var s issuance.Station
	var hours string
	var from, to sql.NullString
	if err := row.Scan(&s.ID, &s.Code, &s.Name, &s.Kind, &s.Unit, &s.Province, &s.Address, &s.Machines,
		&s.MinutesPerIntake, &s.SlotMinutes, &hours, &from, &to); err != nil {
		return s, err
	}
	if err := json.Unmarshal([]byte(hours), &s.Hours); err != nil {
		return s, err
	}
	var err error
	if s.ActiveFrom, err = scanNullDay(from); err != nil {
		return s, err
	}
	s.ActiveTo, err = scanNullDay(to)
	return s, err
}

// Station reads one station.
func (d *Issuance) Station(ctx context.Context, id string) (issuance.Station, error) {
	return d.stationIn(ctx, d.sql, id, "")
}

// stationIn reads a station with q; lock is the dialect's FOR UPDATE or "".
func (d *DB) stationIn(ctx context.Context, q queryer, id, lock string) (issuance.Station, error) {
	s, err := scanStation(q.QueryRowContext(ctx, `SELECT `+stationColumns+` FROM stations WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return s, apperr.New(apperr.NotFound, "no station with that id")
	}
	if err != nil {
		return s, apperr.Wrap(err, "read station")
	}
	return s, nil
}

// Stations lists the stations of a unit ("" for all) by code.
func (d *Issuance) Stations(ctx context.Context, unit string) ([]issuance.Station, error) {
	query, args := `SELECT `+stationColumns+` FROM stations`, []any{}
	if unit != "" {
		query, args = query+` WHERE `+unitColumn(unit)+` = $1`, append(args, unit)
	}
	rows, err := d.sql.QueryContext(ctx, query+` ORDER BY code`, args...)
	if err != nil {
		return nil, apperr.Wrap(err, "list stations")
	}
	defer rows.Close()
	out := []issuance.Station{}
	for rows.Next() {
		s, err := scanStation(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list stations")
		}
		out = append(out, s)
	}
	return out, normalize(rows.Err(), "list stations")
}
