package merge

import (
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// Check refuses a merge that cannot be done, before anything is read for
// writing.
func Check(survivor, merged registry.Citizen) error {
	switch {
	case survivor.ID == merged.ID:
		return apperr.New(apperr.Invalid, "a record cannot be merged into itself")
	case merged.Status == registry.Merged:
		return apperr.New(apperr.Conflict, "the record to merge was already merged into another one")
	case survivor.Status == registry.Merged:
		return apperr.New(apperr.Conflict, "the surviving record was itself merged into another one; merge into that one")
	}
	return nil
}

// Apply returns the two records after merging merged into survivor: the
// merged record becomes Merged with its number moved to its cancelled
// numbers; the survivor lists that number among its cancelled numbers
// (the number now leads to it) and, with fill, takes the fields it lacks.
// The Merge it returns holds what Revert needs.
func Apply(survivor, merged registry.Citizen, fill bool) (registry.Citizen, registry.Citizen, Merge, error) {
	if err := Check(survivor, merged); err != nil {
		return survivor, merged, Merge{}, err
	}
	m := Merge{SurvivorID: survivor.ID, MergedID: merged.ID, Number: merged.IDNumber, PriorStatus: merged.Status}
	s, g := survivor, merged
	s.CancelledIDNumbers = slices.Clone(survivor.CancelledIDNumbers)
	g.CancelledIDNumbers = slices.Clone(merged.CancelledIDNumbers)
	if m.Number != "" {
		g.IDNumber = ""
		g.CancelledIDNumbers = append(g.CancelledIDNumbers, m.Number)
		s.CancelledIDNumbers = append(s.CancelledIDNumbers, m.Number)
	}
	g.Status, g.MergedInto = registry.Merged, survivor.ID
	if fill {
		var err error
		if s, m.Filled, err = Fill(s, merged); err != nil {
			return survivor, merged, Merge{}, err
		}
	}
	return s, g, m, nil
}

// Revert returns the two records after undoing m: the merged record alive
// again (its prior status) with its number, the survivor without that
// number and without the filled values. A filled field the survivor
// changed since the merge is not overwritten: Revert refuses with Conflict
// and names the fields, and an officer corrects them first.
func Revert(survivor, merged registry.Citizen, m Merge) (registry.Citizen, registry.Citizen, error) {
	switch {
	case m.Undone():
		return survivor, merged, apperr.New(apperr.Conflict, "the merge was already undone")
	case merged.Status != registry.Merged || merged.MergedInto != survivor.ID:
		return survivor, merged, apperr.New(apperr.Conflict, "the merged record is no longer merged into the survivor")
	}
	s, g := survivor, merged
	s.CancelledIDNumbers = without(survivor.CancelledIDNumbers, m.Number)
	g.CancelledIDNumbers = without(merged.CancelledIDNumbers, m.Number)
	if m.Number != "" {
		g.IDNumber = m.Number
	}
	g.Status, g.MergedInto = m.PriorStatus, ""
	var err error
	if s, err = Unfill(s, m.Filled); err != nil {
		return survivor, merged, err
	}
	return s, g, nil
}

// without returns list minus its last occurrence of v (nil when empty).
func without(list []string, v string) []string {
	out := slices.Clone(list)
	if i := slices.Index(out, v); v != "" && i >= 0 {
		out = slices.Delete(out, i, i+1)
	}
	if len(out) == 0 {
		return nil
	}
	return out
}
