package ui

import (
	"net/http"

	"dancu/internal/auth"
	"dancu/internal/units"
)

// unitRow is one unit of the list in force, with the codes it replaced on
// 2025-07-01 (the old→new commune mapping), for officers who still meet
// old codes on paper.
type unitRow struct {
	Code, Name  string
	Predecessor []string
}

type unitsData struct {
	List     units.ListID
	Province string
	Rows     []unitRow
}

// unitsPage lists the administrative units of the list in force: the
// provinces, or one province's communes with their predecessors. The lists
// are embedded data and read-only here: a reorganisation ships as a new
// list with its mapping, not as edits.
func (s *server) unitsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d := unitsData{List: auth.UnitList, Province: r.URL.Query().Get("province")}
	if d.Province == "" {
		for _, p := range s.units.Provinces(d.List) {
			d.Rows = append(d.Rows, unitRow{Code: p.Code, Name: p.FullName})
		}
	} else {
		for _, c := range s.units.Communes(d.List, d.Province) {
			row := unitRow{Code: c.Code, Name: c.FullName}
			for _, old := range s.units.Predecessors(c.Code) {
				row.Predecessor = append(row.Predecessor, old.Code+" "+old.FullName)
			}
			d.Rows = append(d.Rows, row)
		}
	}
	v.Title, v.Nav = v.T("admin.units"), "admin"
	s.render(w, r, v, http.StatusOK, "admin_units", d)
	return nil
}
