package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"dancu/internal/apperr"
	"dancu/internal/jsonscan"
	"dancu/internal/registry"
)

// Point reads that only pass a record on (the API's reads by id or ID
// number) take the stored JSON as it is and link the relatives into it,
// instead of decoding it into a Citizen and encoding it again: under load
// that round trip cost a quarter of a read's CPU (pprof, 1M citizens).

// EncodedCitizen reads the current state by opaque ID, as JSON.
func (d *Citizens) EncodedCitizen(ctx context.Context, id string) (registry.EncodedCitizen, error) {
	return d.readEncoded(ctx, "id", d.reads.encodedByID, id)
}

// EncodedCitizenByIDNumber reads by current or cancelled ID number, as JSON.
func (d *Citizens) EncodedCitizenByIDNumber(ctx context.Context, number string) (registry.EncodedCitizen, error) {
	e, err := d.readEncoded(ctx, "ID number", d.reads.encodedByNumber, number)
	if apperr.Is(err, apperr.NotFound) {
		return d.readEncoded(ctx, "ID number", d.reads.encodedByCancelled, number)
	}
	return e, err
}

// StoredRecord reads the JSON of citizen id's current record as the
// version log stores it: without the relatives' citizen_id links, and
// without id, version and updated_at when the row was stored without them
// (record_codec.go). It is for callers that read only the record's own
// fields (the OpenID Connect provider's claims): the five joins that link
// the relatives each look up a row of its own, on a large register a page
// of its own, and the links are then spliced in by copying the record.
func (d *Citizens) StoredRecord(ctx context.Context, id string) ([]byte, error) {
	var data []byte
	err := d.hotRow(ctx, d.reads.storedByID, id).Scan(&data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	if err != nil {
		return nil, apperr.Wrap(err, "read citizen %s", id)
	}
	return data, nil
}

func (d *DB) readEncoded(ctx context.Context, what, query string, args ...any) (registry.EncodedCitizen, error) {
	var e registry.EncodedCitizen
	var commune, province sql.NullString
	var r versionRecord
	var linked string
	// r.dest() in its order, spelled out: the slices it builds were three
	// of a read's allocations.
	err := d.pointScan(ctx, false, query, args, &commune, &province, &r.data, &r.id, &r.version, &r.recorded, &linked)
	if errors.Is(err, sql.ErrNoRows) {
		return e, apperr.New(apperr.NotFound, "no citizen with that %s", what)
	}
	if err != nil {
		return e, apperr.Wrap(err, "read citizen by %s", what)
	}
	e.ID = r.id
	e.Permanent.Commune, e.Permanent.Province = commune.String, province.String
	raw, err := r.json()
	if err != nil {
		return e, apperr.Wrap(err, "read citizen by %s", what)
	}
	links, err := splitLinks(linked)
	if err != nil {
		return e, apperr.Wrap(err, "citizen %s", e.ID)
	}
	if e.JSON, err = linkRelatives(raw, links); err != nil {
		return e, apperr.Wrap(err, "citizen %s", e.ID)
	}
	return e, nil
}

// linkRelatives copies a stored record and adds "citizen_id" to each
// relative object (keyed as in relativeKeys) whose id is known. The record
// was written by encoding/json, which never escapes the letters of a key.
// The scan accepts any valid JSON object and refuses what it can tell is
// broken, so a damaged record fails loudly rather than being mis-spliced.
func linkRelatives(data []byte, ids [len(relativeKeys)]string) ([]byte, error) {
	out := make([]byte, 0, len(data)+len(ids)*50)
	i := jsonscan.SkipSpace(data, 0)
	if i >= len(data) || data[i] != '{' {
		return nil, errors.New("stored record is not a JSON object")
	}
	i = jsonscan.SkipSpace(data, i+1)
	copied := 0
	for i < len(data) && data[i] != '}' {
		keyEnd, err := jsonscan.SkipString(data, i)
		if err != nil {
			return nil, fmt.Errorf("stored record: %w", err)
		}
		key := data[i+1 : keyEnd-1]
		i = jsonscan.SkipSpace(data, keyEnd)
		if i >= len(data) || data[i] != ':' {
			return nil, fmt.Errorf("stored record: ':' expected at byte %d", i)
		}
		v := jsonscan.SkipSpace(data, i+1)
		if v < len(data) && data[v] == '{' {
			if id := relativeID(key, ids); id != "" {
				out = append(out, data[copied:v+1]...)
				out = append(out, `"citizen_id":"`...)
				out = append(out, id...) // opaque ids are UUIDs: nothing to escape
				out = append(out, '"')
				if next := jsonscan.SkipSpace(data, v+1); next < len(data) && data[next] != '}' {
					out = append(out, ',')
				}
				copied = v + 1
			}
		}
		if i, err = jsonscan.SkipValue(data, v); err != nil {
			return nil, fmt.Errorf("stored record: %w", err)
		}
		i = jsonscan.SkipSpace(data, i)
		if i < len(data) && data[i] == ',' {
			if i = jsonscan.SkipSpace(data, i+1); i < len(data) && data[i] == '}' {
				return nil, fmt.Errorf("stored record: member expected at byte %d", i)
			}
			continue
		}
		if i >= len(data) || data[i] != '}' {
			return nil, fmt.Errorf("stored record: ',' or '}' expected at byte %d", i)
		}
	}
	if i >= len(data) {
		return nil, errors.New("stored record: unterminated object")
	}
	if jsonscan.SkipSpace(data, i+1) != len(data) {
		return nil, fmt.Errorf("stored record: trailing data at byte %d", i+1)
	}
	return append(out, data[copied:i+1]...), nil
}

func relativeID(key []byte, ids [len(relativeKeys)]string) string {
	for i, k := range relativeKeys {
		if string(key) == k {
			return ids[i]
		}
	}
	return ""
}
