package registry

import (
	"encoding/json"
	"reflect"
	"time"

	"dancu/internal/apperr"
)

// The register is bitemporal. Every version of a record has two times:
//
//   - valid time (Version.ValidFrom): from when the change holds in law,
//     the legal effective date: a birth on the day of birth registration, a
//     batch on its --as-of date, a death on the day of death even when it is
//     registered a week later, a correction back to the date it corrects;
//   - recorded time (Version.RecordedAt): when the register learned it, set
//     by the store's clock and never changed.
//
// "As of" questions are asked in valid time ("what was this person's
// residence on 2025-06-01?"), optionally as the register knew it at an
// earlier recorded time ("what did the register answer on 2025-07-10?"),
// which audits and disputes need.

// PointInTime is a point on both axes.
type PointInTime struct {
	Valid time.Time // the legal state in force at this instant
	// Recorded limits the answer to what was recorded by this instant; zero
	// means everything recorded so far.
	Recorded time.Time
}

// StateAt rebuilds the record in force at at.Valid as known at
// at.Recorded from a citizen's versions (as History returns them, oldest
// first). Each version changes some fields of the one recorded before it;
// those changes are replayed in recorded order, skipping the ones not yet
// in force at at.Valid (a change dated later) and the ones recorded after
// at.Recorded. So a correction recorded today but valid since 2020 shows in
// a 2022 state, and a move dated next month does not show today, while the
// fields it did not touch keep their own histories. Bookkeeping fields
// (version, updated_at, merged_into, ...) come from the last version
// replayed. NotFound when the record was not yet recorded, or not yet in
// force, at that point.
func StateAt(versions []Version, at PointInTime) (Citizen, error) {
	known := versions
	if !at.Recorded.IsZero() {
		known = nil
		for _, v := range versions {
			if !v.RecordedAt.After(at.Recorded) {
				known = append(known, v)
			}
		}
	}
	if len(known) == 0 {
		return Citizen{}, apperr.New(apperr.NotFound, "the register held no record of this citizen at %s", at.Recorded.Format(time.RFC3339))
	}
	if known[0].ValidFrom.After(at.Valid) {
		return Citizen{}, apperr.New(apperr.NotFound, "the record is in force only from %s, after %s",
			known[0].ValidFrom.Format(time.DateOnly), at.Valid.Format(time.RFC3339))
	}
	state := fieldMap(known[0].Data)
	last := known[0].Data
	prev := fieldMap(known[0].Data) // not state: state is rewritten below
	for _, v := range known[1:] {
		cur := fieldMap(v.Data)
		if !v.ValidFrom.After(at.Valid) {
			for k := range changedFields(prev, cur) {
				if val, ok := cur[k]; ok {
					state[k] = val
				} else {
					delete(state, k)
				}
			}
			last = v.Data
		}
		prev = cur
	}
	for k := range bookkeeping {
		if val, ok := fieldMap(last)[k]; ok {
			state[k] = val
		} else {
			delete(state, k)
		}
	}
	return mapCitizen(state), nil
}

// changedFields lists the data fields that differ between two field maps.
func changedFields(a, b map[string]any) map[string]bool {
	out := map[string]bool{}
	for k, va := range a {
		if vb, ok := b[k]; !bookkeeping[k] && (!ok || !reflect.DeepEqual(va, vb)) {
			out[k] = true
		}
	}
	for k := range b {
		if _, ok := a[k]; !ok && !bookkeeping[k] {
			out[k] = true
		}
	}
	return out
}

// mapCitizen is the inverse of fieldMap.
func mapCitizen(m map[string]any) Citizen {
	b, err := json.Marshal(m)
	if err != nil {
		panic("registry: field map does not marshal: " + err.Error())
	}
	var c Citizen
	if err := json.Unmarshal(b, &c); err != nil {
		panic("registry: field map does not unmarshal: " + err.Error())
	}
	return c
}
