package ui

import (
	"net/http"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/units"
)

// unitRow is one unit of the list browsed, with the 2025-07-01 commune
// mapping: the old codes a current commune replaced, for officers who still
// meet old codes on paper, or the current communes an old one became.
type unitRow struct {
	Code, Name  string
	Level       units.Level
	Predecessor []string
	Successor   []string
}

type unitsData struct {
	List     units.ListID
	From     time.Time
	AsOf     string // as typed, kept in links; "" for today
	Province string // the parent browsed, "" for the provinces
	Parent   string // its name
	Rows     []unitRow
}

// unitsPage lists the administrative units of the list in force on ?as_of=
// (today by default; before 2025-07-01 the 63-province list): the
// provinces, or the children of ?province= (a province, or a district of
// the old list) with the mapping. The lists are embedded data and
// read-only here: a reorganisation ships as a new list with its mapping,
// not as edits.
func (s *server) unitsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	q := r.URL.Query()
	d := unitsData{Province: q.Get("province")}
	day := time.Now().In(vietnam)
	if raw := q.Get("as_of"); raw != "" {
		if pd, err := pdate.Parse(raw); err == nil && pd.Precision() == pdate.Day {
			day, d.AsOf = time.Date(pd.Year, time.Month(pd.Month), pd.Day, 0, 0, 0, 0, time.UTC), pd.String()
		}
	}
	l, err := s.units.Browse(day, d.Province)
	if err != nil {
		// An unknown parent lists the provinces of that day instead.
		d.Province = ""
		if l, err = s.units.Browse(day, ""); err != nil {
			return err
		}
	}
	d.List, d.From = l.List, l.From
	if l.Parent != nil {
		d.Parent = l.Parent.FullName
	}
	for _, e := range l.Items {
		row := unitRow{Code: e.Code, Name: e.FullName, Level: e.Level}
		for _, u := range e.Predecessors {
			row.Predecessor = append(row.Predecessor, u.Code+" "+u.FullName)
		}
		for _, u := range e.Successors {
			row.Successor = append(row.Successor, u.Code+" "+u.FullName)
		}
		d.Rows = append(d.Rows, row)
	}
	v.Title, v.Nav = v.T("admin.units"), "admin"
	s.render(w, r, v, http.StatusOK, "admin_units", d)
	return nil
}
