package sqlstore

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"dancu/internal/registry"
)

// A version row stores its record as the JSON the API serves, less the
// three members its own columns already hold: "id" (citizen_id), "version"
// (version) and "updated_at" (recorded_at). They were ~100 of a record's
// ~890 bytes (dbstat, 100k citizens). A read puts them back while it copies
// the record anyway (linkRelatives), so the point read still serves stored
// bytes without decoding them. Rows written before, and any record the
// columns could not give back byte for byte (an updated_at finer than the
// engines' microseconds, say), keep the whole JSON; readers tell the two
// apart by the first member.

// fullRecordPrefix starts every whole record: encoding/json writes the
// members in struct order, and "id" is registry.Citizen's first.
var fullRecordPrefix = []byte(`{"id":`)

// compactRecord returns what a version row stores for full, the encoding
// of a citizen with this id, version and updated_at. It strips the three
// members only when expandRecord gives back exactly full; otherwise it
// returns full.
func compactRecord(full []byte, id string, version int, updated time.Time) []byte {
	head := recordHead(id)
	tail, ok := recordTail(version, updated)
	if !ok || !bytes.HasPrefix(full, head) || !bytes.HasSuffix(full, tail) || len(full) < len(head)+len(tail)+2 {
		return full
	}
	body := full[len(head) : len(full)-len(tail)]
	if body[len(body)-1] == ',' {
		return full // cannot happen with encoding/json; never store a broken record
	}
	out := make([]byte, 0, len(body)+2)
	out = append(append(append(out, '{'), body...), '}')
	return out
}

// expandRecord gives back the whole record of a version row: stored as it
// is when it is whole, else with id, version and updated_at put back.
func expandRecord(stored []byte, id string, version int, recorded time.Time) ([]byte, error) {
	if bytes.HasPrefix(stored, fullRecordPrefix) {
		return stored, nil
	}
	if len(stored) < 2 || stored[0] != '{' || stored[len(stored)-1] != '}' {
		return nil, errors.New("stored record is not a JSON object")
	}
	if len(bytes.TrimSpace(stored[1:len(stored)-1])) == 0 {
		return nil, errors.New("stored record has no members")
	}
	tail, ok := recordTail(version, recorded)
	if !ok {
		return nil, fmt.Errorf("stored record: recorded_at %v cannot be written back as updated_at", recorded)
	}
	head := recordHead(id)
	out := make([]byte, 0, len(head)+len(stored)+len(tail))
	out = append(out, head...)
	out = append(out, stored[1:len(stored)-1]...)
	return append(out, tail...), nil
}

// recordHead is `{"id":"…",` as encoding/json writes it. Citizen ids are
// generated UUIDs, which need no escaping; any other id goes through
// encoding/json so the bytes are the same.
func recordHead(id string) []byte {
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			q, _ := json.Marshal(id) // a string always marshals
			return append(append([]byte(`{"id":`), q...), ',')
		}
	}
	return []byte(`{"id":"` + id + `",`)
}

// recordTail is `,"version":N,"updated_at":"…"}`, as encoding/json writes
// the last two members of registry.Citizen. ok is false for an instant the
// version row cannot hold exactly (zero, not UTC, or finer than a
// microsecond): that record is stored whole.
func recordTail(version int, updated time.Time) ([]byte, bool) {
	if updated.IsZero() || updated.Location() != time.UTC || !updated.Equal(updated.Truncate(time.Microsecond)) {
		return nil, false
	}
	ts, err := updated.MarshalJSON()
	if err != nil {
		return nil, false
	}
	return []byte(`,"version":` + strconv.Itoa(version) + `,"updated_at":` + string(ts) + `}`), true
}

// versionRecord is a version row's record with the columns that complete
// it.
type versionRecord struct {
	data     []byte
	id       string
	version  int
	recorded any // scanned recorded_at
}

// versionRecordColumns are the columns a versionRecord scans, from the
// version row aliased v and its citizen aliased c.
const versionRecordColumns = "v.data, c.id, v.version, v.recorded_at"

// versionsOfCitizen joins the version rows v of a citizen c (the version
// log names its citizen by rid, migration 0057).
const versionsOfCitizen = " FROM citizens c JOIN citizen_versions v ON v.citizen_rid = c.rid "

func (r *versionRecord) dest() []any { return []any{&r.data, &r.id, &r.version, &r.recorded} }

// json is the whole record.
func (r *versionRecord) json() ([]byte, error) {
	rec, err := scanTime(r.recorded)
	if err != nil {
		return nil, fmt.Errorf("citizen %s version %d: %w", r.id, r.version, err)
	}
	full, err := expandRecord(r.data, r.id, r.version, rec.UTC())
	if err != nil {
		return nil, fmt.Errorf("citizen %s version %d: %w", r.id, r.version, err)
	}
	return full, nil
}

// citizen decodes the record; an error names the citizen and version.
func (r *versionRecord) citizen() (registry.Citizen, error) {
	full, err := r.json()
	if err != nil {
		return registry.Citizen{}, err
	}
	c, err := decodeCitizen(full)
	if err != nil {
		return c, fmt.Errorf("citizen %s version %d: %w", r.id, r.version, err)
	}
	return c, nil
}
