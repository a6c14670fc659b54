package sqlstore

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// ForEachCitizen streams the current state of every citizen, in opaque-id
// order, to fn. Duplicate detection reads the whole register once; loading
// it through point reads would cost a round trip per record. Relatives are
// not linked (CitizenID stays empty): the caller compares names and numbers.
// An error from fn stops the scan and is returned as it is.
func (d *DB) ForEachCitizen(ctx context.Context, fn func(registry.Citizen) error) error {
	rows, err := d.sql.QueryContext(ctx, currentData+`ORDER BY c.id`)
	if err != nil {
		return apperr.Wrap(err, "scan citizens")
	}
	defer rows.Close()
	for rows.Next() {
		var raw []byte
		if err := rows.Scan(&raw); err != nil {
			return apperr.Wrap(err, "scan citizens")
		}
		c, err := decodeCitizen(raw)
		if err != nil {
			return apperr.Wrap(err, "scan citizens")
		}
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "scan citizens")
	}
	return nil
}
