package sqlstore

import (
	"encoding/json"
	"time"

	"dancu/internal/registry"
	"dancu/internal/textfold"
)

// citizenColumns is the projection row, in insert order.
var citizenColumns = []string{"id", "id_number", "old_id_number", "record_ref", "content_hash",
	"full_name", "name_key", "birth_year", "birth_date", "sex", "status",
	"permanent_commune", "permanent_province", "household_ref", "version", "updated_at",
	"father_number", "mother_number", "spouse_number", "representative_number", "head_number"}

// versionColumns is a history row, in insert order. It names its citizen
// by the projection's integer rid (migration 0057): versionArgs lays out
// the citizen's text id in its place, which insertVersionSQL turns into
// the rid and an import replaces with the rid it assigned.
var versionColumns = []string{"citizen_rid", "version", "recorded_at", "valid_from", "actor", "reason", "previous", "data"}

// nullable turns "" into NULL so partial unique indexes ignore absent values.
func nullable(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// projectionArgs lays out the projection row of c.
func (d *DB) projectionArgs(c *registry.Citizen, hash uint64) []any {
	return d.appendProjectionArgs(nil, c, hash)
}

// appendProjectionArgs appends projectionArgs' values to dst.
func (d *DB) appendProjectionArgs(dst []any, c *registry.Citizen, hash uint64) []any {
	return append(dst, c.ID, nullable(c.IDNumber), nullable(c.OldIDNumber), nullable(c.RecordRef), int64(hash),
		c.FullName, textfold.Fold(c.FullName), c.BirthDate.Year, c.BirthDate.String(), string(c.Sex), string(c.Status),
		nullable(c.Permanent.Commune), nullable(c.Permanent.Province), nullable(c.HouseholdRef), c.Version, d.dialect.timeArg(c.UpdatedAt),
		relativeNumber(c.Father), relativeNumber(c.Mother), relativeNumber(c.Spouse), relativeNumber(c.Representative), relativeNumber(c.HouseholdHead))
}

// relativeNumber keeps a relative's 12-digit number for linking; 9-digit
// CMND numbers cannot name a citizen uniquely.
func relativeNumber(p registry.PersonRef) any {
	if len(p.IDNumber) != 12 {
		return nil
	}
	return p.IDNumber
}

// versionArgs lays out one history row, the citizen's text id first (see
// versionColumns); data is the citizen's JSON.
func (d *DB) versionArgs(c *registry.Citizen, recorded, validFrom time.Time, meta registry.ChangeMeta, previous map[string]any, data []byte) ([]any, error) {
	var prev any
	if len(previous) > 0 {
		b, err := json.Marshal(previous)
		if err != nil {
			return nil, err
		}
		prev = string(b)
	}
	var text string
	if recorded.Equal(c.UpdatedAt) && recorded.Location() == c.UpdatedAt.Location() {
		text = compactRecordText(data, c.ID, c.Version, c.UpdatedAt)
	} else {
		text = string(data)
	}
	return []any{c.ID, c.Version, d.dialect.timeArg(recorded), d.dialect.timeArg(validFrom), meta.Actor, meta.Reason, prev, text}, nil
}
