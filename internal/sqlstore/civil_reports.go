package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/civilstatus"
)

// CivilReports stores the civil-status events agencies posted (migration
// 0015); it implements civilstatus.Ledger.
type CivilReports struct{ *DB }

// CivilReports is the ledger of agencies' civil-status events.
func (d *DB) CivilReports() *CivilReports { return &CivilReports{d} }

// RecordReport implements civilstatus.Ledger.
func (d *CivilReports) RecordReport(ctx context.Context, r civilstatus.Received) error {
	_, err := d.q(ctx).ExecContext(ctx, `INSERT INTO civil_status_reports (agency_id, event_id, kind, body_hash, dossier_id, received_at)
		VALUES ($1, $2, $3, $4, $5, $6)`, r.AgencyID, r.EventID, r.Kind, r.BodyHash, r.DossierID, d.dialect.timeArg(r.ReceivedAt))
	return normalize(err, "record the civil-status event")
}

// Report implements civilstatus.Ledger.
func (d *CivilReports) Report(ctx context.Context, agencyID, eventID string) (civilstatus.Received, error) {
	r := civilstatus.Received{AgencyID: agencyID, EventID: eventID}
	var at any
	err := d.q(ctx).QueryRowContext(ctx, `SELECT kind, body_hash, dossier_id, received_at FROM civil_status_reports
		WHERE agency_id = $1 AND event_id = $2`, agencyID, eventID).Scan(&r.Kind, &r.BodyHash, &r.DossierID, &at)
	if errors.Is(err, sql.ErrNoRows) {
		return r, apperr.New(apperr.NotFound, "no event with that id from this agency")
	}
	if err != nil {
		return r, apperr.Wrap(err, "read the civil-status event")
	}
	r.ReceivedAt, err = scanTime(at)
	return r, err
}
