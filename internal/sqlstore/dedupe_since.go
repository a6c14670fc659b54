package sqlstore

import (
	"context"
	"time"

	"dancu/internal/apperr"
)

// CitizenIDsChangedSince returns the ids of the citizens created or changed
// at or after t: the "new records" of an incremental duplicate check.
func (d *Citizens) CitizenIDsChangedSince(ctx context.Context, t time.Time) (map[string]bool, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id FROM citizens WHERE updated_at >= $1`, d.dialect.timeArg(t))
	if err != nil {
		return nil, apperr.Wrap(err, "list citizens changed since %s", t.Format(time.RFC3339))
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, apperr.Wrap(err, "list changed citizens")
		}
		out[id] = true
	}
	return out, rows.Err()
}
