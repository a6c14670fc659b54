package sqlstore

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// maxCitizenApplications bounds one citizen's application list: a person
// makes a handful in a lifetime (first card, renewals at 25, 40, 60,
// replacements), so the bound is never reached by real data.
const maxCitizenApplications = 100

// ApplicationsOfCitizen lists a citizen's card applications, newest first
// (the citizen portal's card history).
func (d *Issuance) ApplicationsOfCitizen(ctx context.Context, citizenID string) ([]issuance.Application, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT `+applicationColumns+` FROM applications WHERE citizen_id = $1
		ORDER BY received_at DESC, id DESC LIMIT $2`, citizenID, maxCitizenApplications)
	if err != nil {
		return nil, apperr.Wrap(err, "list a citizen's applications")
	}
	defer rows.Close()
	out := []issuance.Application{}
	for rows.Next() {
		a, err := scanApplication(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "list a citizen's applications")
		}
		out = append(out, a)
	}
	return out, normalize(rows.Err(), "list a citizen's applications")
}
