package api

import (
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/pdate"
	"dancu/internal/units"
)

// unitJSON is one administrative unit of one list.
type unitJSON struct {
	List         units.ListID `json:"list"`
	Level        units.Level  `json:"level"`
	Code         string       `json:"code"`
	Name         string       `json:"name"`
	FullName     string       `json:"full_name"`
	ParentCode   string       `json:"parent_code,omitempty"`
	Successors   []unitJSON   `json:"successors,omitempty"`
	Predecessors []unitJSON   `json:"predecessors,omitempty"`
}

type unitListing struct {
	List          units.ListID `json:"list"`
	EffectiveFrom string       `json:"effective_from"`
	AsOf          string       `json:"as_of"`
	Parent        *unitJSON    `json:"parent,omitempty"`
	Items         []unitJSON   `json:"items"`
}

func toUnitJSON(u units.Unit) unitJSON {
	return unitJSON{List: u.List, Level: u.Level, Code: u.Code, Name: u.Name, FullName: u.FullName, ParentCode: u.ParentCode}
}

func toUnitsJSON(us []units.Unit) []unitJSON {
	if len(us) == 0 {
		return nil
	}
	out := make([]unitJSON, len(us))
	for i, u := range us {
		out[i] = toUnitJSON(u)
	}
	return out
}

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
	out := unitListing{List: l.List, EffectiveFrom: l.From.Format(time.DateOnly), AsOf: day.Format(time.DateOnly), Items: make([]unitJSON, len(l.Items))}
	if l.Parent != nil {
		p := toUnitJSON(*l.Parent)
		out.Parent = &p
	}
	for i, e := range l.Items {
		u := toUnitJSON(e.Unit)
		u.Successors, u.Predecessors = toUnitsJSON(e.Successors), toUnitsJSON(e.Predecessors)
		out.Items[i] = u
	}
	return writeJSON(w, http.StatusOK, out)
}
