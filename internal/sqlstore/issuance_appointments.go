package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

const appointmentColumns = `id, station_id, citizen_id, day, slot_start, kind, state, queue_no, created_at, updated_at`

// Book inserts an appointment with the next queue number. The station row
// is locked first (PostgreSQL FOR UPDATE; SQLite write transactions are
// exclusive from BEGIN), so counting the slot and inserting cannot
// interleave with another booking at the same station.
func (d *Issuance) Book(ctx context.Context, b issuance.Booking) (issuance.Appointment, error) {
	a := b.Appointment
	day := dayArg(a.Day)
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := d.stationIn(ctx, tx, a.StationID, d.dialect.forUpdate); err != nil {
			return err
		}
		var held int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appointments WHERE citizen_id = $1 AND day = $2 AND state = 'active'`,
			a.CitizenID, day).Scan(&held); err != nil {
			return apperr.Wrap(err, "book: check the citizen's appointments")
		}
		if held > 0 {
			return apperr.New(apperr.Conflict, "the citizen already holds an active appointment on %s", day)
		}
		if b.Capacity > 0 {
			var taken int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM appointments WHERE station_id = $1 AND day = $2 AND slot_start = $3
				AND kind <> 'walk_in' AND state <> 'cancelled'`, a.StationID, day, int(a.SlotStart)).Scan(&taken); err != nil {
				return apperr.Wrap(err, "book: count the slot")
			}
			if taken >= b.Capacity {
				return apperr.New(apperr.Conflict, "the slot %s on %s is full (%d places)", a.SlotStart, day, b.Capacity)
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(queue_no), 0) + 1 FROM appointments WHERE station_id = $1 AND day = $2`,
			a.StationID, day).Scan(&a.Queue); err != nil {
			return apperr.Wrap(err, "book: next queue number")
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO appointments (`+appointmentColumns+`) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
			a.ID, a.StationID, a.CitizenID, day, int(a.SlotStart), string(a.Kind), string(a.State), a.Queue,
			d.dialect.timeArg(a.CreatedAt), d.dialect.timeArg(a.UpdatedAt))
		if isUniqueViolation(err) {
			// Another station booked the same citizen for that day meanwhile.
			return &apperr.Error{Code: apperr.Conflict, Message: "the citizen already holds an active appointment on " + day, Err: err}
		}
		return normalize(err, "book")
	})
	return a, err
}

func scanAppointment(row interface{ Scan(...any) error }) (issuance.Appointment, error) {
	var a issuance.Appointment
	var day string
	var slot int
	var created, updated any
	if err := row.Scan(&a.ID, &a.StationID, &a.CitizenID, &day, &slot, &a.Kind, &a.State, &a.Queue, &created, &updated); err != nil {
		return a, err
	}
	a.SlotStart = issuance.Clock(slot)
	var err error
	if a.Day, err = scanDay(day); err != nil {
		return a, err
	}
	if a.CreatedAt, err = scanTime(created); err != nil {
		return a, err
	}
	a.UpdatedAt, err = scanTime(updated)
	return a, err
}

// Appointment reads one appointment.
func (d *Issuance) Appointment(ctx context.Context, id string) (issuance.Appointment, error) {
	a, err := scanAppointment(d.sql.QueryRowContext(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return a, apperr.New(apperr.NotFound, "no appointment with that id")
	}
	return a, normalize(err, "read appointment")
}

// EndAppointment moves an active appointment to state.
func (d *Issuance) EndAppointment(ctx context.Context, id string, state issuance.AppointmentState, at time.Time) (issuance.Appointment, error) {
	res, err := d.sql.ExecContext(ctx, `UPDATE appointments SET state = $2, updated_at = $3 WHERE id = $1 AND state = 'active'`,
		id, string(state), d.dialect.timeArg(at))
	if err != nil {
		return issuance.Appointment{}, apperr.Wrap(err, "end appointment")
	}
	if n, _ := res.RowsAffected(); n == 0 {
		a, err := d.Appointment(ctx, id)
		if err != nil {
			return a, err
		}
		return a, apperr.New(apperr.Conflict, "the appointment is %s, not active", a.State)
	}
	return d.Appointment(ctx, id)
}

// Appointments lists a station's appointments of a day by queue number.
func (d *Issuance) Appointments(ctx context.Context, stationID string, day time.Time) ([]issuance.Appointment, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+appointmentColumns+` FROM appointments WHERE station_id = $1 AND day = $2 ORDER BY queue_no`,
		stationID, dayArg(day))
	if err != nil {
		return nil, apperr.Wrap(err, "list appointments")
	}
	defer rows.Close()
	out := []issuance.Appointment{}
	for rows.Next() {
		a, err := scanAppointment(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list appointments")
		}
		out = append(out, a)
	}
	return out, normalize(rows.Err(), "list appointments")
}
