package dedupe

import (
	"encoding/json"
	"fmt"

	"dancu/internal/registry"
)

// FromConflict rebuilds the citizen a conflicting import row described:
// the register keeps such a row (same ID number, different data) only as
// its differences from the holder, yet it is a form of its own, named by
// its record_ref, and a duplicate report must name it.
func FromConflict(holder registry.Citizen, c registry.Conflict) (registry.Citizen, error) {
	raw, err := json.Marshal(holder)
	if err != nil {
		return registry.Citizen{}, fmt.Errorf("conflict %s: encode holder: %w", c.RecordRef, err)
	}
	var m map[string]any
	if err := json.Unmarshal(raw, &m); err != nil {
		return registry.Citizen{}, fmt.Errorf("conflict %s: decode holder: %w", c.RecordRef, err)
	}
	for field, v := range c.Fields {
		if v[1] == nil {
			delete(m, field)
		} else {
			m[field] = v[1]
		}
	}
	if raw, err = json.Marshal(m); err != nil {
		return registry.Citizen{}, fmt.Errorf("conflict %s: encode row: %w", c.RecordRef, err)
	}
	var row registry.Citizen
	if err := json.Unmarshal(raw, &row); err != nil {
		return registry.Citizen{}, fmt.Errorf("conflict %s: decode row: %w", c.RecordRef, err)
	}
	row.ID, row.RecordRef, row.Version = "", c.RecordRef, 0
	return row, nil
}
