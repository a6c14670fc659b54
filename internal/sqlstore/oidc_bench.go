package sqlstore

import (
	"context"

	"dancu/internal/apperr"
)

// SampleCitizenIDs returns up to n citizen ids drawn uniformly from the
// register, for `dancu bench oidc` to give accounts to (not the first n by
// id: see SampleIDNumbers).
func (d *Bench) SampleCitizenIDs(ctx context.Context, n int) ([]string, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT id FROM citizens ORDER BY random() LIMIT $1`, n)
	if err != nil {
		return nil, apperr.Wrap(err, "sample citizens")
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, apperr.Wrap(err, "sample citizens")
		}
		out = append(out, s)
	}
	return out, normalize(rows.Err(), "sample citizens")
}
