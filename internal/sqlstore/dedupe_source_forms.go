package sqlstore

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// AddForms keeps the record_refs of forms absorbed into existing citizens.
// A record_ref recorded before is left as it is, so re-importing a file
// changes nothing.
func (t *importTx) AddForms(ctx context.Context, forms []registry.Form) error {
	if err := t.settle(); err != nil {
		return err
	}
	for _, f := range forms {
		_, err := t.conn.ExecContext(ctx, `INSERT INTO citizen_forms (record_ref, citizen_id, batch_id, line) VALUES ($1, $2, $3, $4)
			ON CONFLICT (record_ref) DO NOTHING`, f.RecordRef, f.CitizenID, f.BatchID, f.Line)
		if err != nil {
			return normalize(err, "import: record absorbed form")
		}
	}
	return nil
}

// ForEachForm streams the absorbed forms to fn: another record_ref of a
// citizen (RecordRef and CitizenID set).
func (d *Citizens) ForEachForm(ctx context.Context, fn func(registry.Form) error) error {
	rows, err := d.sql.QueryContext(ctx, `SELECT record_ref, citizen_id FROM citizen_forms ORDER BY record_ref`)
	if err != nil {
		return apperr.Wrap(err, "scan absorbed forms")
	}
	defer rows.Close()
	for rows.Next() {
		var f registry.Form
		if err := rows.Scan(&f.RecordRef, &f.CitizenID); err != nil {
			return apperr.Wrap(err, "scan absorbed forms")
		}
		if err := fn(f); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return apperr.Wrap(err, "scan absorbed forms")
	}
	return nil
}
