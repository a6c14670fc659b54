package api

import (
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/units"
)

// listUnits serves GET /units: the provinces of the list in force on
// ?as_of= (default today in Vietnam), or the children of ?parent=, each
// commune with the 2025-07-01 mapping. Units are public reference data, so
// no jurisdiction applies and nothing is audited; a session is still needed
// like every /api/v1 call.
func (s *server) listUnits(w http.ResponseWriter, r *http.Request, _ *call) error {
	v := r.URL.Query()
	day := time.Now().In(vietnam)
	if raw := v.Get("as_of"); raw != "" {
		d, err := pdate.Parse(raw)
		if err != nil || d.Precision() != pdate.Day {
			return apperr.WithFields("invalid as_of", apperr.FieldError{Field: "as_of", Reason: "use YYYY-MM-DD"})
		}
		day = time.Date(d.Year, time.Month(d.Month), d.Day, 0, 0, 0, 0, time.UTC)
	}
	parent := v.Get("parent")
	if parent != "" && !allDigits(parent, 2, 3, 5) {
		return apperr.WithFields("invalid parent", apperr.FieldError{Field: "parent", Reason: "must be a 2-digit province, 3-digit district or 5-digit commune code"})
	}
	l, err := s.units.Browse(day, parent)
	if err != nil {
		return apperr.WithFields("unknown parent", apperr.FieldError{Field: "parent", Reason: err.Error()})
	}
	out := units.ViewListing(l, day)
	return writeJSON(w, http.StatusOK, out)
}
