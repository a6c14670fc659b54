package ui

import (
	"html/template"
	"net/http"
	"net/url"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/units"
)

type dashData struct {
	Unit, Name, Level string
	Crumbs            []crumb
	Self              unitFigures
	Tiles             []tile
	Rows              []namedFigures
	Chart             template.HTML
	ExportURL         string
	Day               time.Time
	// Pending: the figures are being computed in the background; the
	// page shows a placeholder that polls /dashboard/figures.
	Pending bool
	// Dossiers are the procedures' figures beside the card progress.
	Dossiers dossierFigures
}

type crumb struct{ Code, Name string }

type namedFigures struct {
	unitFigures
	Name  string
	Drill bool // a unit below with its own page
}

// dashboardPage shows progress against targets for a unit and the units
// below it: the country (a tile grid of the 34 provinces), a province (its
// communes), or a commune.
func (s *server) dashboardPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.dashboardWithChart(r, v)
	if err != nil {
		return err
	}
	if d.Dossiers, err = s.dossierFigures(r, v, d.Unit); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("dash.title")+" · "+d.Name, "dashboard"
	s.render(w, r, v, http.StatusOK, "dashboard", d)
	return nil
}

// dashboardFigures is the figures' area alone, which the placeholder
// polls: the placeholder again while they are computed, then the figures.
func (s *server) dashboardFigures(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.dashboardWithChart(r, v)
	if err != nil {
		return err
	}
	s.renderBlock(w, v, http.StatusOK, "dashboard", "figures", d)
	return nil
}

// dashboardWithChart is the dashboard without waiting for figures not
// computed yet, with the unit's 30-day chart once they are.
func (s *server) dashboardWithChart(r *http.Request, v *view) (dashData, error) {
	d, err := s.dashboard(r, v, false)
	if err != nil || d.Pending {
		return d, err
	}
	labels, names := []string{}, []string{v.T("dash.received"), v.T("dash.produced"), v.T("dash.handed")}
	ser := make([][]int64, 3)
	days, err := s.series(r.Context(), d.Unit, d.Day, 30)
	if err != nil {
		return d, err
	}
	for _, dd := range days {
		labels = append(labels, dd.Day.Format("02/01"))
		ser[0], ser[1], ser[2] = append(ser[0], dd.Counts.Received), append(ser[1], dd.Counts.Produced), append(ser[2], dd.Counts.HandedOver)
	}
	if d.Unit != "" {
		d.Chart = lineChart(v.T("dash.chart")+" · "+d.Name, labels, names, ser)
	}
	return d, nil
}

// dashboard gathers the figures of the requested unit (default the
// user's own) within the user's jurisdiction. Unless wait, figures not
// computed yet leave d.Pending set and the figures empty.
func (s *server) dashboard(r *http.Request, v *view, wait bool) (dashData, error) {
	ctx := r.Context()
	unit := r.URL.Query().Get("unit")
	if unit == "" {
		unit = v.User.Scope()
	}
	if unit != "" {
		if _, ok := s.units.Lookup(auth.UnitList, unit); !ok || !v.User.Covers(s.units, unit) {
			return dashData{}, apperr.New(apperr.Forbidden, "%s", v.T("error.unit"))
		}
	} else if !v.User.Role.National() {
		return dashData{}, apperr.New(apperr.Forbidden, "%s", v.T("error.unit"))
	}
	day := issuance.Day(s.auth.Now())
	d := dashData{Unit: unit, Name: s.unitName(unit), Day: day, ExportURL: "/dashboard/export?unit=" + url.QueryEscape(unit)}
	for _, a := range reverse(s.units.Ancestors(auth.UnitList, unit)) {
		if a.Code != unit && v.User.Covers(s.units, a.Code) {
			d.Crumbs = append(d.Crumbs, crumb{a.Code, a.FullName})
		}
	}
	var children []units.Unit
	d.Level, children = s.below(unit)
	codes := figureCodes(unit, children)
	var figs []unitFigures
	var err error
	if wait {
		figs, err = s.figures(ctx, dashboardUser(), unit, codes, day)
	} else {
		var ready bool
		figs, ready, err = s.figuresNow(dashboardUser(), unit, codes, day)
		d.Pending = !ready && err == nil
	}
	if err != nil || d.Pending {
		return d, err
	}
	for i, c := range children {
		d.Rows = append(d.Rows, namedFigures{unitFigures: figs[i], Name: c.FullName, Drill: d.Level == "country" || d.Level == "province"})
		d.Self.Progress.Total = addCounts(d.Self.Progress.Total, figs[i].Progress.Total)
		d.Self.Progress.Eligible += figs[i].Progress.Eligible
		d.Self.Progress.Covered += figs[i].Progress.Covered
	}
	if unit != "" {
		d.Self = figs[len(figs)-1]
	}
	if d.Level == "country" {
		for i, c := range children {
			pos := tilePos[c.Code]
			d.Tiles = append(d.Tiles, tile{unitFigures: figs[i], Name: c.Name, Row: pos[0], Col: pos[1]})
		}
	}
	return d, nil
}

// below is the level of unit's dashboard and the units it lists.
func (s *server) below(unit string) (string, []units.Unit) {
	switch len(unit) {
	case 0:
		return "country", s.units.Provinces(auth.UnitList)
	case 2:
		return "province", s.units.Communes(auth.UnitList, unit)
	}
	return "commune", nil
}

// figureCodes is the units whose figures a dashboard shows: those below
// it, then the unit itself (the country's total is the provinces' sum).
func figureCodes(unit string, children []units.Unit) []string {
	codes := make([]string, len(children), len(children)+1)
	for i, c := range children {
		codes[i] = c.Code
	}
	if unit != "" {
		codes = append(codes, unit)
	}
	return codes
}

func addCounts(a, b issuance.Counts) issuance.Counts {
	return issuance.Counts{Received: a.Received + b.Received, Produced: a.Produced + b.Produced, HandedOver: a.HandedOver + b.HandedOver}
}

func reverse(us []units.Unit) []units.Unit {
	out := make([]units.Unit, len(us))
	for i, u := range us {
		out[len(us)-1-i] = u
	}
	return out
}
