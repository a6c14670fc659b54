package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// matchSubjectSQL reads only projection columns: a verification never
// decodes the stored record unless it compares an address text.
const matchSubjectSQL = `SELECT id, name_key, birth_date, sex, COALESCE(old_id_number, ''), COALESCE(permanent_commune, '')
	FROM citizens WHERE id_number = $1`

// MatchSubject reads what matching needs about the holder of a current
// ID number. Cancelled numbers are not found: they verify nobody.
func (d *Sharing) MatchSubject(ctx context.Context, number string, withAddress bool) (share.Subject, error) {
	var s share.Subject
	err := d.pointScan(ctx, true, matchSubjectSQL, []any{number}, &s.CitizenID, &s.NameKey, &s.BirthDate, &s.Sex, &s.OldIDNumber, &s.Commune)
	if errors.Is(err, sql.ErrNoRows) {
		return s, apperr.New(apperr.NotFound, "no citizen holds that ID number")
	}
	if err != nil {
		return s, apperr.Wrap(err, "read match subject")
	}
	if withAddress {
		c, err := scanLinked(d.routedRow(ctx, d.reads.byID, s.CitizenID))
		if err != nil {
			return s, apperr.Wrap(err, "read match subject's address")
		}
		s.Address = c.Permanent.Address
	}
	return s, nil
}
