package sqlstore

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/eid"
)

// eidEligible is who may hold an account on day ($3): a living citizen
// aged 14 by bornBy ($2) or holding an active card (a child with a card);
// see eid.StatsQuery. A partial birth date counts from the first day of
// its year or month, the register's convention (issuance_eligible.go).
const eidEligible = `c.status = 'alive' AND ((c.birth_date <> '' AND c.birth_date <= $2) OR ` + hasValidCard + `)`

// ActivationCounts implements eid.Store in one grouped pass over the
// citizens projection, joined with the active accounts.
func (d *EID) ActivationCounts(ctx context.Context, q eid.StatsQuery) ([]eid.UnitCounts, error) {
	group, filter := "c.permanent_province", "$1 = $1"
	switch len(q.Parent) {
	case 2:
		group, filter = "c.permanent_commune", "c.permanent_province = $1"
	case 5:
		group, filter = "c.permanent_commune", "c.permanent_commune = $1"
	}
	rows, err := d.routedQuery(ctx, `SELECT `+group+`, COUNT(*),
			COALESCE(SUM(CASE WHEN a.level = 1 THEN 1 ELSE 0 END), 0),
			COALESCE(SUM(CASE WHEN a.level >= 2 THEN 1 ELSE 0 END), 0)
		FROM citizens c LEFT JOIN eid_accounts a ON a.citizen_id = c.id AND a.status = 'active'
		WHERE `+filter+` AND `+group+` IS NOT NULL AND `+group+` <> '' AND `+eidEligible+`
		GROUP BY `+group+` ORDER BY `+group, q.Parent, dayArg(q.BornBy), dayArg(q.Day))
	if err != nil {
		return nil, apperr.Wrap(err, "count VNeID activation")
	}
	defer rows.Close()
	out := []eid.UnitCounts{}
	for rows.Next() {
		var u eid.UnitCounts
		if err := rows.Scan(&u.Unit, &u.Eligible, &u.Level1, &u.Level2); err != nil {
			return nil, apperr.Wrap(err, "count VNeID activation")
		}
		out = append(out, u)
	}
	return out, normalize(rows.Err(), "count VNeID activation")
}
