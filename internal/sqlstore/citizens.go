package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// queryer is what *sql.DB, *sql.Tx and *sql.Conn share.
type queryer interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

const currentData = `SELECT ` + versionRecordColumns + versionsOfCitizen + `AND v.version = c.version `

func decodeCitizen(raw []byte) (registry.Citizen, error) {
	var c registry.Citizen
	if err := json.Unmarshal(raw, &c); err != nil {
		return c, fmt.Errorf("decode citizen record: %w", err)
	}
	return c, nil
}

func (d *DB) oneCitizen(ctx context.Context, q queryer, what, query string, args ...any) (registry.Citizen, error) {
	var r versionRecord
	err := q.QueryRowContext(ctx, query, args...).Scan(r.dest()...)
	if errors.Is(err, sql.ErrNoRows) {
		return registry.Citizen{}, apperr.New(apperr.NotFound, "no citizen with that %s", what)
	}
	if err != nil {
		return registry.Citizen{}, apperr.Wrap(err, "read citizen by %s", what)
	}
	return r.citizen()
}

// Citizen reads the current state by opaque ID.
func (d *Citizens) Citizen(ctx context.Context, id string) (registry.Citizen, error) {
	return d.readLinked(ctx, "id", d.reads.byID, id)
}

// CitizenByIDNumber reads by personal ID number. A cancelled number still
// leads to its person, because it stays linked to them.
func (d *Citizens) CitizenByIDNumber(ctx context.Context, number string) (registry.Citizen, error) {
	c, err := d.readLinked(ctx, "ID number", d.reads.byNumber, number)
	if apperr.Is(err, apperr.NotFound) {
		return d.readLinked(ctx, "ID number", d.reads.byCancelled, number)
	}
	return c, err
}

// CitizensByOldNumber lists the citizens with a 9-digit CMND number; legacy
// data can hold the same one twice.
func (d *Citizens) CitizensByOldNumber(ctx context.Context, old string) ([]registry.Citizen, error) {
	rows, err := d.hotQuery(ctx, d.reads.byOld, old)
	if err != nil {
		return nil, apperr.Wrap(err, "read citizens")
	}
	defer rows.Close()
	var out []registry.Citizen
	for rows.Next() {
		c, err := scanLinked(rows)
		if err != nil {
			return nil, apperr.Wrap(err, "read citizens")
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// CitizenAsOf reads what the register showed at instant at: the state in
// force then, as recorded by then.
func (d *Citizens) CitizenAsOf(ctx context.Context, id string, at time.Time) (registry.Citizen, error) {
	return d.CitizenAt(ctx, id, registry.PointInTime{Valid: at, Recorded: at})
}

// History lists every version, oldest first.
func (d *Citizens) History(ctx context.Context, id string) ([]registry.Version, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT v.valid_from, v.actor, v.reason, v.previous, `+versionRecordColumns+
		versionsOfCitizen+`WHERE c.id = $1 ORDER BY v.version`, id)
	if err != nil {
		return nil, apperr.Wrap(err, "read history")
	}
	defer rows.Close()
	var out []registry.Version
	for rows.Next() {
		v := registry.Version{CitizenID: id}
		var valid any
		var prev []byte
		var r versionRecord
		if err := rows.Scan(append([]any{&valid, &v.Actor, &v.Reason, &prev}, r.dest()...)...); err != nil {
			return nil, apperr.Wrap(err, "read history")
		}
		v.Number = r.version
		if v.RecordedAt, err = scanTime(r.recorded); err != nil {
			return nil, apperr.Wrap(err, "read history")
		}
		if v.ValidFrom, err = scanTime(valid); err != nil {
			return nil, apperr.Wrap(err, "read history")
		}
		if len(prev) > 0 {
			if err := json.Unmarshal(prev, &v.Previous); err != nil {
				return nil, apperr.Wrap(err, "decode history")
			}
		}
		if v.Data, err = r.citizen(); err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "read history")
	}
	if len(out) == 0 {
		return nil, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	return out, nil
}

// Search runs a paged query over the projection. Name is a folded prefix;
// the name index makes it a range scan.
func (d *Citizens) Search(ctx context.Context, q registry.Query) (registry.Page, error) {
	var where []string
	var args []any
	arg := func(v any) string {
		args = append(args, v)
		return fmt.Sprintf("$%d", len(args))
	}
	if q.Name != "" {
		where = append(where, "c.name_key >= "+arg(q.Name)+" AND c.name_key < "+arg(q.Name+"\uffff"))
	}
	if q.BirthYear != 0 {
		where = append(where, "c.birth_year = "+arg(q.BirthYear))
	}
	if !q.BirthDate.IsZero() {
		where = append(where, "c.birth_date LIKE "+arg(q.BirthDate.String()+"%"))
	}
	var inUnit []string
	for _, u := range append([]string{q.Unit}, q.Units...) {
		switch len(u) {
		case 0:
		case 2:
			inUnit = append(inUnit, "c.permanent_province = "+arg(u))
		default:
			inUnit = append(inUnit, "c.permanent_commune = "+arg(u))
		}
	}
	if len(inUnit) > 0 {
		where = append(where, "("+strings.Join(inUnit, " OR ")+")")
	}
	if q.Household != "" {
		where = append(where, "c.household_ref = "+arg(q.Household))
	}
	if len(where) == 0 {
		return registry.Page{}, apperr.New(apperr.Invalid, "a search needs a name, a birth year, a unit or a household")
	}
	limit := q.Limit
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	query := searchSQL(where, q.Name != "") + ` LIMIT ` + arg(limit+1) + ` OFFSET ` + arg(q.Offset)
	rows, err := d.routedQuery(ctx, query, args...)
	if err != nil {
		return registry.Page{}, apperr.Wrap(err, "search citizens")
	}
	defer rows.Close()
	page := registry.Page{Offset: q.Offset, Limit: limit, Items: []registry.Summary{}}
	for rows.Next() {
		var s registry.Summary
		var birth string
		var key string
		var year int
		if err := rows.Scan(&s.ID, &s.IDNumber, &s.FullName, &birth, &s.Sex, &s.Status, &s.Commune, &s.HouseholdRef, &key, &year); err != nil {
			return page, apperr.Wrap(err, "search citizens")
		}
		s.BirthDate, _ = pdate.Parse(birth)
		page.Items = append(page.Items, s)
	}
	if len(page.Items) > limit {
		page.Items = page.Items[:limit]
		page.More = true
	}
	return page, rows.Err()
}

// searchSQL is the search's query without its LIMIT: where[0] is the name
// condition when byName. A name also finds the people who bore it before
// (citizen_former_names), in a second branch that leaves out those whose
// current name matches, so UNION ALL keeps the index order of both
// branches and lists nobody twice.
func searchSQL(where []string, byName bool) string {
	const cols = `SELECT c.id, COALESCE(c.id_number, ''), c.full_name, c.birth_date, c.sex, c.status, COALESCE(c.permanent_commune, ''),
		COALESCE(c.household_ref, ''), c.name_key, c.birth_year FROM citizens c WHERE `
	current := cols + strings.Join(where, " AND ")
	if !byName {
		return current + ` ORDER BY c.name_key, c.birth_year, c.id`
	}
	formerKey := strings.ReplaceAll(where[0], "c.name_key", "f.name_key")
	former := append([]string{`c.id IN (SELECT f.citizen_id FROM citizen_former_names f WHERE ` + formerKey + `)`, `NOT (` + where[0] + `)`}, where[1:]...)
	return current + ` UNION ALL ` + cols + strings.Join(former, " AND ") + ` ORDER BY 9, 10, 1`
}
