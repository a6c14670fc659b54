package merge

import (
	"encoding/json"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// notFilled are the fields a merge never copies: identity and bookkeeping
// (the survivor keeps its own), and the life status, which only its own
// procedure changes.
var notFilled = map[string]bool{
	"id": true, "id_number": true, "cancelled_id_numbers": true, "record_ref": true, "version": true,
	"updated_at": true, "merged_into": true, "status": true, "death_date": true,
}

// Fill copies into survivor every field it lacks (absent from its JSON)
// that from has, and returns the filled fields with their values.
func Fill(survivor, from registry.Citizen) (registry.Citizen, map[string]any, error) {
	ms, err := fields(survivor)
	if err != nil {
		return survivor, nil, err
	}
	mf, err := fields(from)
	if err != nil {
		return survivor, nil, err
	}
	filled := map[string]any{}
	for k, v := range mf {
		if _, has := ms[k]; !has && !notFilled[k] {
			ms[k], filled[k] = v, v
		}
	}
	if len(filled) == 0 {
		return survivor, nil, nil
	}
	out, err := fromFields(ms)
	return out, filled, err
}

// Unfill removes the filled values from survivor, refusing when one of
// them was changed since.
func Unfill(survivor registry.Citizen, filled map[string]any) (registry.Citizen, error) {
	if len(filled) == 0 {
		return survivor, nil
	}
	ms, err := fields(survivor)
	if err != nil {
		return survivor, err
	}
	var changed []string
	for _, k := range slices.Sorted(maps.Keys(filled)) {
		if !reflect.DeepEqual(ms[k], filled[k]) {
			changed = append(changed, k)
			continue
		}
		delete(ms, k)
	}
	if len(changed) > 0 {
		return survivor, apperr.New(apperr.Conflict, "fields filled by the merge were changed since: %s; correct them before undoing", strings.Join(changed, ", "))
	}
	return fromFields(ms)
}

// fields flattens a citizen to its JSON fields, as the API names them.
func fields(c registry.Citizen) (map[string]any, error) {
	raw, err := json.Marshal(c)
	if err != nil {
		return nil, fmt.Errorf("merge: encode record: %w", err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, fmt.Errorf("merge: decode record: %w", err)
	}
	return m, nil
}

func fromFields(m map[string]any) (registry.Citizen, error) {
	var c registry.Citizen
	raw, err := json.Marshal(m)
	if err == nil {
		err = json.Unmarshal(raw, &c)
	}
	if err != nil {
		return c, fmt.Errorf("merge: rebuild record: %w", err)
	}
	return c, nil
}
