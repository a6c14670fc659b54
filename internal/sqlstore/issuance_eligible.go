package sqlstore

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// Who must hold a card, from the citizens projection. birth_date is a
// partial date as text ("1990", "1990-05", "1990-05-15"); comparing it as
// text with the cut-off day counts a partial date from the first day of
// its year or month, the registry's convention for year-only births.
const mustHoldCard = `c.status = 'alive' AND c.birth_date <> '' AND c.birth_date <= $2`

// hasValidCard and hasOpenApplication take the day as $3.
const (
	hasValidCard = `EXISTS (SELECT 1 FROM cards k WHERE k.citizen_id = c.id AND k.state = 'active'
		AND (k.expiry_date IS NULL OR k.expiry_date > $3))`
	hasOpenApplication = `EXISTS (SELECT 1 FROM applications p WHERE p.citizen_id = c.id
		AND p.state NOT IN ('handed_over', 'rejected', 'cancelled'))`
)

// Uninvited lists residents of commune to invite on day.
func (d *Issuance) Uninvited(ctx context.Context, commune string, day, bornBy time.Time, limit int) ([]issuance.Resident, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT c.id, COALESCE(c.id_number, ''), c.full_name, c.birth_date FROM citizens c
		WHERE c.permanent_commune = $1 AND `+mustHoldCard+` AND NOT `+hasValidCard+` AND NOT `+hasOpenApplication+`
		AND NOT EXISTS (SELECT 1 FROM appointments a WHERE a.citizen_id = c.id AND a.state = 'active' AND a.day >= $3)
		ORDER BY c.name_key, c.id LIMIT $4`, commune, dayArg(bornBy), dayArg(day), limit)
	if err != nil {
		return nil, apperr.Wrap(err, "list residents to invite")
	}
	defer rows.Close()
	out := []issuance.Resident{}
	for rows.Next() {
		var r issuance.Resident
		if err := rows.Scan(&r.CitizenID, &r.IDNumber, &r.FullName, &r.BirthDate); err != nil {
			return nil, apperr.Wrap(err, "list residents to invite")
		}
		out = append(out, r)
	}
	return out, normalize(rows.Err(), "list residents to invite")
}

// Population counts the unit's residents who must hold a card on day, and
// those of them covered by a valid card or an application under way.
func (d *Issuance) Population(ctx context.Context, unit string, day, bornBy time.Time) (eligible, covered int64, err error) {
	col := "c.permanent_commune"
	if len(unit) == 2 {
		col = "c.permanent_province"
	}
	err = d.sql.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(CASE WHEN `+hasValidCard+` OR `+hasOpenApplication+` THEN 1 ELSE 0 END), 0)
		FROM citizens c WHERE `+col+` = $1 AND `+mustHoldCard, unit, dayArg(bornBy), dayArg(day)).Scan(&eligible, &covered)
	if err != nil {
		return 0, 0, apperr.Wrap(err, "count eligible population")
	}
	return eligible, covered, nil
}
