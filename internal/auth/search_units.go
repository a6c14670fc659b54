package auth

import (
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/units"
)

// SearchUnits turns the unit filter of a search, as the user typed it, into
// codes of UnitList within the user's jurisdiction. It is the one rule for
// the API, the web pages and the CLI.
//
//   - "" means the user's scope: nil (no filter) for national roles.
//   - A code of an older list (the commune codes on papers issued before
//     2025-07-01) is mapped forward (units.Catalog.ResolveCode), so an old
//     commune split in two filters on both successors.
//   - Codes outside the jurisdiction are dropped; when none is left the
//     search is refused, as a filter on a foreign unit always was.
//
// The resolution is returned so that callers can tell the user which
// current units an old code stood for.
func (u User) SearchUnits(cat *units.Catalog, code string) ([]string, units.Resolution, error) {
	if code == "" {
		if s := u.Scope(); s != "" {
			return []string{s}, units.Resolution{}, nil
		}
		return nil, units.Resolution{}, nil
	}
	res, err := cat.ResolveCode(code, UnitList)
	if errors.Is(err, units.ErrNoSuccessor) {
		return nil, res, apperr.WithFields("unit has no successor", apperr.FieldError{Field: "unit", Reason: err.Error()})
	}
	if err != nil {
		return nil, res, apperr.WithFields("unknown unit", apperr.FieldError{Field: "unit",
			Reason: "not a province, district or commune code of any unit list (" + string(UnitList) + " or older)"})
	}
	var in []string
	for _, c := range res.Codes() {
		if u.Covers(cat, c) {
			in = append(in, c)
		}
	}
	if len(in) == 0 {
		return nil, res, apperr.New(apperr.Forbidden, "unit %s is outside your jurisdiction", code)
	}
	return in, res, nil
}
