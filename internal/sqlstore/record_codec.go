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
	body, ok := compactBody(full, id, version, updated)
	if !ok {
		return full
	}
	out := make([]byte, 0, len(body)+2)
	return append(append(append(out, '{'), body...), '}')
}

// compactRecordText is compactRecord as the string a version row's data
// column is written from, in one allocation: an import compacts every
// record, and building the head and tail, then the copy, then its string
// were 0.8 s of a 1M import's CPU (pprof).
func compactRecordText(full []byte, id string, version int, updated time.Time) string {
	body, ok := compactBody(full, id, version, updated)
	if !ok {
		return string(full)
	}
	return "{" + string(body) + "}"
}

// compactBody is the members of full between its id and its version, when
// compactRecord strips them; it allocates only for an id that needs
// escaping.
func compactBody(full []byte, id string, version int, updated time.Time) ([]byte, bool) {
	var tb [96]byte
	tail, ok := appendRecordTail(tb[:0], version, updated)
	if !ok || !bytes.HasSuffix(full, tail) {
		return nil, false
	}
	var n int // the head's length
	if plainID(id) {
		const open, close = `{"id":"`, `",`
		n = len(open) + len(id) + len(close)
		if len(full) < n || string(full[:len(open)]) != open || string(full[len(open):len(open)+len(id)]) != id ||
			string(full[n-len(close):n]) != close {
			return nil, false
		}
	} else {
		head := recordHead(id)
		if !bytes.HasPrefix(full, head) {
			return nil, false
		}
		n = len(head)
	}
	if len(full) < n+len(tail)+2 {
		return nil, false
	}
	body := full[n : len(full)-len(tail)]
	if body[len(body)-1] == ',' {
		return nil, false // cannot happen with encoding/json; never store a broken record
	}
	return body, true
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
	if !plainID(id) {
		q, _ := json.Marshal(id) // a string always marshals
		return append(append([]byte(`{"id":`), q...), ',')
	}
	return []byte(`{"id":"` + id + `",`)
}

// plainID reports whether encoding/json writes id as it is, in quotes.
func plainID(id string) bool {
	for i := 0; i < len(id); i++ {
		if c := id[i]; !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// recordTail is `,"version":N,"updated_at":"…"}`, as encoding/json writes
// the last two members of registry.Citizen. ok is false for an instant the
// version row cannot hold exactly (zero, not UTC, or finer than a
// microsecond): that record is stored whole.
func recordTail(version int, updated time.Time) ([]byte, bool) {
	return appendRecordTail(nil, version, updated)
}

// appendRecordTail appends recordTail's bytes to b.
func appendRecordTail(b []byte, version int, updated time.Time) ([]byte, bool) {
	if updated.IsZero() || updated.Location() != time.UTC || !updated.Equal(updated.Truncate(time.Microsecond)) {
		return nil, false
	}
	// encoding/json writes a time as MarshalJSON does: RFC 3339 with the
	// fraction's trailing zeros dropped, in quotes; it fails outside the
	// years 0–9999.
	if y := updated.Year(); y < 0 || y > 9999 {
		return nil, false
	}
	b = strconv.AppendInt(append(b, `,"version":`...), int64(version), 10)
	b = updated.AppendFormat(append(b, `,"updated_at":"`...), time.RFC3339Nano)
	return append(b, `"}`...), true
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
