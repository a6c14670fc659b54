package sqlstore

import (
	"context"
	"database/sql"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// Relatives are stored by ID number inside the record. Reads link the ones
// the register holds to their opaque id in the same statement, with one
// index look-up per relative, instead of a second query per read.
// The order is registry.Citizen.Relatives'.
var relativeKeys = [...]string{"father", "mother", "spouse", "representative", "household_head"}

// relativeColumns are the projection columns holding relatives' numbers,
// in the order of relativeKeys.
var relativeColumns = [...]string{"father_number", "mother_number", "spouse_number", "representative_number", "head_number"}

// linkColumns adds one column per relative: the opaque id of the citizen
// holding the relative's number (from the projection), or NULL. Past states
// are linked by CitizenAt instead.
func (d dialect) linkColumns() string {
	s := ""
	for _, col := range relativeColumns {
		s += ", (SELECT r.id FROM citizens r WHERE r.id_number = c." + col + ")"
	}
	return s
}

// linkedQueries are the read statements, built once per dialect.
type linkedQueries struct {
	byID, byNumber, byCancelled, byOld string
	// idOfNumber links one relative of a past state (see CitizenAt).
	idOfNumber string
	// encoded* return the record undecoded, with what a jurisdiction
	// check needs (see encoded.go).
	encodedByID, encodedByNumber, encodedByCancelled string
}

func (d dialect) linkedQueries() linkedQueries {
	from := " FROM citizens c JOIN citizen_versions v ON v.citizen_id = c.id AND v.version = c.version "
	current := "SELECT v.data" + d.linkColumns() + from
	encoded := "SELECT c.id, c.permanent_commune, c.permanent_province, v.data" + d.linkColumns() + from
	return linkedQueries{
		byID:               current + "WHERE c.id = $1",
		byNumber:           current + "WHERE c.id_number = $1",
		byCancelled:        current + "JOIN cancelled_id_numbers x ON x.citizen_id = c.id WHERE x.number = $1",
		byOld:              current + "WHERE c.old_id_number = $1 ORDER BY c.id LIMIT 100",
		encodedByID:        encoded + "WHERE c.id = $1",
		encodedByNumber:    encoded + "WHERE c.id_number = $1",
		encodedByCancelled: encoded + "JOIN cancelled_id_numbers x ON x.citizen_id = c.id WHERE x.number = $1",
		idOfNumber:         "SELECT id FROM citizens WHERE id_number = $1",
	}
}

type scanner interface{ Scan(dest ...any) error }

// scanLinked reads a record and its relatives' ids.
func scanLinked(sc scanner) (registry.Citizen, error) {
	var raw []byte
	ids := make([]sql.NullString, len(relativeKeys))
	dest := []any{&raw}
	for i := range ids {
		dest = append(dest, &ids[i])
	}
	if err := sc.Scan(dest...); err != nil {
		return registry.Citizen{}, err
	}
	c, err := decodeCitizen(raw)
	if err != nil {
		return c, err
	}
	for i, r := range c.Relatives() {
		r.CitizenID = ids[i].String
	}
	return c, nil
}

// readLinked runs a single-record read through the statement cache.
func (d *DB) readLinked(ctx context.Context, what, query string, args ...any) (registry.Citizen, error) {
	c, err := scanLinked(d.hotRow(ctx, query, args...))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no citizen with that %s", what)
	}
	if err != nil {
		return c, apperr.Wrap(err, "read citizen by %s", what)
	}
	return c, nil
}
