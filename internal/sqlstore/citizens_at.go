package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// CitizenAt reads the state in force at at.Valid (valid time: the legal
// effective dates, citizen_versions.valid_from) as recorded by at.Recorded
// (recorded time: citizen_versions.recorded_at; zero for everything
// recorded). Only the versions recorded by then are read; registry.StateAt
// replays their changes by valid time. Relatives are linked to the citizens
// the register holds now, like every read.
func (d *Citizens) CitizenAt(ctx context.Context, id string, at registry.PointInTime) (registry.Citizen, error) {
	recorded := at.Recorded
	if recorded.IsZero() {
		// Far enough ahead to take every version; both engines compare it
		// correctly (SQLite as fixed-width text).
		recorded = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	vs, err := d.versionsRecordedBy(ctx, id, recorded)
	if err != nil {
		return registry.Citizen{}, err
	}
	if len(vs) == 0 {
		if _, err := d.Citizen(ctx, id); err != nil {
			return registry.Citizen{}, err
		}
		return registry.Citizen{}, apperr.New(apperr.NotFound, "the register held no record of this citizen at %s", at.Recorded.Format(time.RFC3339))
	}
	c, err := registry.StateAt(vs, at)
	if err != nil {
		return c, err
	}
	for _, r := range c.Relatives() {
		if r.IDNumber == "" {
			continue
		}
		err := d.hotRow(ctx, d.reads.idOfNumber, r.IDNumber).Scan(&r.CitizenID)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return c, apperr.Wrap(err, "link relatives")
		}
	}
	return c, nil
}

// versionsRecordedBy lists a citizen's versions recorded by an instant,
// oldest first.
func (d *DB) versionsRecordedBy(ctx context.Context, id string, by time.Time) ([]registry.Version, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT v.valid_from, `+versionRecordColumns+
		versionsOfCitizen+`WHERE c.id = $1 AND v.recorded_at <= $2 ORDER BY v.version`, id, d.dialect.timeArg(by))
	if err != nil {
		return nil, apperr.Wrap(err, "read versions")
	}
	defer rows.Close()
	var out []registry.Version
	for rows.Next() {
		v := registry.Version{CitizenID: id}
		var valid any
		var r versionRecord
		if err := rows.Scan(append([]any{&valid}, r.dest()...)...); err != nil {
			return nil, apperr.Wrap(err, "read versions")
		}
		v.Number = r.version
		if v.RecordedAt, err = scanTime(r.recorded); err != nil {
			return nil, apperr.Wrap(err, "read versions")
		}
		if v.ValidFrom, err = scanTime(valid); err != nil {
			return nil, apperr.Wrap(err, "read versions")
		}
		if v.Data, err = r.citizen(); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}
