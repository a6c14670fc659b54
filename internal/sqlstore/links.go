package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/readroute"
	"dancu/internal/registry"
)

// Relatives are stored by ID number inside the record. The projection
// keeps, beside each relative's number, the rid of the citizen holding that
// number (the link), resolved at write time: a read follows each link to
// its citizen's id by primary key, with no search by number. (The link was
// a copy of the 36-byte id until migration 0058: ~85 bytes a citizen at
// 1M, against ~2 µs of CPU a read for the five primary-key look-ups.) A
// link changes when a record's relatives change (setLinks), when a citizen
// gets or loses a number (relink), and when an import batch brings either
// (linkBatch).
// The order is registry.Citizen.Relatives'.
var relativeKeys = [...]string{"father", "mother", "spouse", "representative", "household_head"}

// relativeColumns are the projection columns holding relatives' numbers,
// in the order of relativeKeys.
var relativeColumns = [...]string{"father_number", "mother_number", "spouse_number", "representative_number", "head_number"}

// linkIDColumns hold the resolved links, in the order of relativeKeys: the
// rid of the relative's projection row (migration 0058), not a copy of
// their 36-byte id.
var linkIDColumns = [...]string{"father_rid", "mother_rid", "spouse_rid", "representative_rid", "head_rid"}

// linkColumns adds the linked relatives' ids to a read, and linkJoins the
// joins they come from: a look-up by primary key each, no search. Past
// states are linked by CitizenAt instead (a link is the current holder of
// the number).
//
// The ids come as one column, joined by commas in relativeKeys' order (""
// for no link): the driver names, types and converts every column of every
// query, and five columns of ids were a tenth of a point read's CPU in the
// store (1M citizens). Opaque ids are UUIDs, which hold no comma.
func (d dialect) linkColumns() string {
	s := ", "
	for i := range linkIDColumns {
		if i > 0 {
			s += " || ',' || "
		}
		s += fmt.Sprintf("COALESCE(l%d.id, '')", i)
	}
	return s
}

// splitLinks cuts the column of linkColumns into the relatives' ids.
func splitLinks(joined string) (ids [len(relativeKeys)]string, err error) {
	for i := range len(ids) - 1 {
		id, rest, ok := strings.Cut(joined, ",")
		if !ok {
			return ids, fmt.Errorf("linked ids %q: %d expected", joined, len(ids))
		}
		ids[i], joined = id, rest
	}
	if strings.Contains(joined, ",") {
		return ids, fmt.Errorf("linked ids: more than %d", len(ids))
	}
	ids[len(ids)-1] = joined
	return ids, nil
}

func (d dialect) linkJoins() string {
	s := ""
	for i, col := range linkIDColumns {
		s += fmt.Sprintf("LEFT JOIN citizens l%d ON l%d.rid = c.%s ", i, i, col)
	}
	return s
}

// resolveLinksSQL sets every link of the rows matching where.
func resolveLinksSQL(where string) string {
	s := "UPDATE citizens SET "
	for i, col := range linkIDColumns {
		if i > 0 {
			s += ", "
		}
		s += col + " = (SELECT r.rid FROM citizens r WHERE r.id_number = citizens." + relativeColumns[i] + ")"
	}
	return s + " WHERE " + where
}

// namingAny is a condition on the rows naming any of the numbers in set
// (an SQL list or subquery) as a relative: one indexed term per column.
func namingAny(set string) string {
	s := ""
	for i, col := range relativeColumns {
		if i > 0 {
			s += " OR "
		}
		s += col + " IN " + set
	}
	return s
}

var (
	setLinksSQL = resolveLinksSQL("id = $1")
	relinkSQL   = resolveLinksSQL(namingAny("($1, $2)"))
	// linkBatchSQL links a batch's own records (a scan by batch: see
	// 0009); relinkBatchSQL the older records naming a number it brought.
	linkBatchSQL   = resolveLinksSQL("batch_id = $1")
	relinkBatchSQL = resolveLinksSQL(namingAny("(SELECT id_number FROM citizens WHERE batch_id = $1 AND id_number IS NOT NULL)"))
)

// setLinks resolves the links of citizen id, written in tx.
func setLinks(ctx context.Context, tx queryer, id string) error {
	_, err := tx.ExecContext(ctx, setLinksSQL, id)
	return normalize(err, "link relatives")
}

// relink re-resolves the links of the records naming a number a citizen
// took (now) or gave up (before); "" stands for none.
func relink(ctx context.Context, tx queryer, now, before string) error {
	if now == before || now == "" && before == "" {
		return nil
	}
	_, err := tx.ExecContext(ctx, relinkSQL, nullable(now), nullable(before))
	return normalize(err, "re-link the records naming the number")
}

// linkedQueries are the read statements, built once per dialect.
type linkedQueries struct {
	byID, byNumber, byCancelled, byOld string
	// idOfNumber links one relative of a past state (see CitizenAt).
	idOfNumber string
	// encoded* return the record undecoded, with what a jurisdiction
	// check needs (see encoded.go).
	encodedByID, encodedByNumber, encodedByCancelled string
	// storedByID returns the current version row's stored JSON alone
	// (see StoredRecord).
	storedByID string
}

func (d dialect) linkedQueries() linkedQueries {
	from := versionsOfCitizen + "AND v.version = c.version " + d.linkJoins()
	current := "SELECT " + versionRecordColumns + d.linkColumns() + from
	encoded := "SELECT c.permanent_commune, c.permanent_province, " + versionRecordColumns + d.linkColumns() + from
	return linkedQueries{
		byID:               current + "WHERE c.id = $1",
		byNumber:           current + "WHERE c.id_number = $1",
		byCancelled:        current + "JOIN cancelled_id_numbers x ON x.citizen_id = c.id WHERE x.number = $1",
		byOld:              current + "WHERE c.old_id_number = $1 ORDER BY c.id LIMIT 100",
		encodedByID:        encoded + "WHERE c.id = $1",
		encodedByNumber:    encoded + "WHERE c.id_number = $1",
		encodedByCancelled: encoded + "JOIN cancelled_id_numbers x ON x.citizen_id = c.id WHERE x.number = $1",
		idOfNumber:         "SELECT id FROM citizens WHERE id_number = $1",
		storedByID:         "SELECT v.data" + versionsOfCitizen + "AND v.version = c.version WHERE c.id = $1",
	}
}

type scanner interface{ Scan(dest ...any) error }

// scanLinked reads a record and its relatives' ids.
func scanLinked(sc scanner) (registry.Citizen, error) {
	var r versionRecord
	var linked string
	if err := sc.Scan(append(r.dest(), &linked)...); err != nil {
		return registry.Citizen{}, err
	}
	c, err := r.citizen()
	if err != nil {
		return c, err
	}
	ids, err := splitLinks(linked)
	if err != nil {
		return c, fmt.Errorf("citizen %s: %w", r.id, err)
	}
	for i, r := range c.Relatives() {
		r.CitizenID = ids[i]
	}
	return c, nil
}

// readLinked runs a single-record read through the statement cache, on a
// standby when the caller marked the read lag-tolerant.
func (d *DB) readLinked(ctx context.Context, what, query string, args ...any) (registry.Citizen, error) {
	row := d.hotRow
	if readroute.IsLagTolerant(ctx) {
		row = d.routedRow
	}
	c, err := scanLinked(row(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no citizen with that %s", what)
	}
	if err != nil {
		return c, apperr.Wrap(err, "read citizen by %s", what)
	}
	return c, nil
}
