package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/production"
)

// SaveChip records a card's chip image. Producing a card again (a retry
// after a failure between sealing the image and recording the card)
// replaces the record: the card is not produced until the transition is.
func (d *Issuance) SaveChip(ctx context.Context, c production.ChipRecord) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO card_chips (application_id, number, blob_ref, ds_serial, signed_at)
		VALUES ($1, $2, $3, $4, $5)
		ON CONFLICT (application_id) DO UPDATE SET blob_ref = excluded.blob_ref, ds_serial = excluded.ds_serial, signed_at = excluded.signed_at`,
		c.ApplicationID, c.Number, c.BlobRef, c.DSSerial, d.dialect.timeArg(c.SignedAt))
	return normalize(err, "save chip image record")
}

// ChipOf reads the chip record of the newest produced card bearing number.
func (d *Issuance) ChipOf(ctx context.Context, number string) (production.ChipRecord, error) {
	var c production.ChipRecord
	var signed any
	err := d.sql.QueryRowContext(ctx, `SELECT k.application_id, k.number, k.blob_ref, k.ds_serial, k.signed_at
		FROM card_chips k JOIN cards c ON c.application_id = k.application_id
		WHERE k.number = $1 ORDER BY c.issue_date DESC, k.signed_at DESC LIMIT 1`, number).
		Scan(&c.ApplicationID, &c.Number, &c.BlobRef, &c.DSSerial, &signed)
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no produced card with that number")
	}
	if err != nil {
		return c, apperr.Wrap(err, "read chip record")
	}
	c.SignedAt, err = scanTime(signed)
	return c, err
}
