package sqlstore

import (
	"context"

	"dancu/internal/apperr"
)

// CitizenIDsOfBatch returns the ids of the citizens an import batch
// created: the "new records" of the duplicate check that follows the
// import. Selecting them by batch, not by time, keeps another batch's
// records out even when both were written within the same second.
func (d *Citizens) CitizenIDsOfBatch(ctx context.Context, batchID int64) (map[string]bool, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id FROM citizens WHERE batch_id = $1`, batchID)
	if err != nil {
		return nil, apperr.Wrap(err, "list citizens of batch %d", batchID)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "list citizens of batch %d", batchID)
		}
		out[id] = true
	}
	return out, rows.Err()
}
