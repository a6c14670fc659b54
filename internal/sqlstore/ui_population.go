package sqlstore

import (
	"context"
	"time"

	"dancu/internal/apperr"
)

// PopulationByUnit is Population for every commune of province in one
// grouped scan (for every province when province is ""): each value is
// {eligible, covered}. A dashboard of a province's communes asked
// Population once per commune and once more for the province, scanning
// the province's citizens twice with a query per commune.
func (d *Issuance) PopulationByUnit(ctx context.Context, province string, day, bornBy time.Time) (map[string][2]int64, error) {
	group, where := "c.permanent_commune", "c.permanent_province = $1"
	if province == "" {
		group, where = "c.permanent_province", "c.permanent_province <> $1"
	}
	rows, err := d.routedQuery(ctx, `SELECT `+group+`, COUNT(*),
		COALESCE(SUM(CASE WHEN `+hasValidCard+` OR `+hasOpenApplication+` THEN 1 ELSE 0 END), 0)
		FROM citizens c WHERE `+where+` AND `+mustHoldCard+` GROUP BY `+group,
		province, dayArg(bornBy), dayArg(day))
	if err != nil {
		return nil, apperr.Wrap(err, "count eligible population by unit")
	}
	defer rows.Close()
	out := map[string][2]int64{}
	for rows.Next() {
		var unit *string
		var eligible, covered int64
		if err := rows.Scan(&unit, &eligible, &covered); err != nil {
			return nil, apperr.Wrap(err, "count eligible population by unit")
		}
		if unit != nil {
			out[*unit] = [2]int64{eligible, covered}
		}
	}
	return out, normalize(rows.Err(), "count eligible population by unit")
}
