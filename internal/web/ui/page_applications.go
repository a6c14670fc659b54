package ui

import (
	"net/http"
	"net/url"
	"time"

	"dancu/internal/issuance"
)

type appsData struct {
	State     string
	States    []issuance.State
	Items     []appRow
	Today     time.Time
	ExportURL string
	// NextURL is the following page; "" on the last one. Pages follow
	// each other by cursor, so no application is ever out of reach.
	NextURL string
}

type appRow struct {
	issuance.Application
	Late bool
}

// appsPage is the number of applications on one page.
const appsPage = 100

// appsFilter reads the state filter of the list and its export.
func appsFilter(r *http.Request, v *view) (issuance.Filter, string) {
	f := issuance.Filter{Scope: v.User.Scope()}
	state := r.URL.Query().Get("state")
	for _, st := range issuance.States {
		if string(st) == state {
			f.State = st
		}
	}
	return f, state
}

// applications lists one page of the user's applications in a state (all
// when none is chosen), in received order.
func (s *server) applications(r *http.Request, v *view) (appsData, error) {
	svc := s.issue
	f, state := appsFilter(r, v)
	f.Limit = appsPage
	d := appsData{State: state, States: issuance.States, Today: issuance.Day(s.auth.Now())}
	d.ExportURL = "/applications/export?state=" + url.QueryEscape(d.State)
	page, err := svc.ApplicationsPage(r.Context(), v.User, f, r.URL.Query().Get("cursor"))
	if err != nil {
		return d, err
	}
	if page.Next != "" {
		d.NextURL = "/applications?state=" + url.QueryEscape(d.State) + "&cursor=" + url.QueryEscape(page.Next)
	}
	d.Items = appRows(page.Items, d.Today)
	if len(d.Items) > 0 {
		if err := s.disclose(r.Context(), v, "GET /applications", actApps, appCitizens(page.Items), "id_number"); err != nil {
			return d, err
		}
	}
	return d, nil
}

func appRows(apps []issuance.Application, today time.Time) []appRow {
	out := make([]appRow, len(apps))
	for i, a := range apps {
		late := a.PromisedDate.Before(today) && a.State != issuance.HandedOver && a.State != issuance.Rejected && a.State != issuance.Cancelled
		out[i] = appRow{Application: a, Late: late}
	}
	return out
}

func appCitizens(apps []issuance.Application) []string {
	ids := make([]string, len(apps))
	for i, a := range apps {
		ids[i] = a.CitizenID
	}
	return ids
}

func (s *server) applicationsPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.applications(r, v)
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("apps.title"), "applications"
	s.render(w, r, v, http.StatusOK, "applications", d)
	return nil
}

// applicationsExport streams every application of the filter, a page at
// a time; each page is audited before its rows are written.
func (s *server) applicationsExport(w http.ResponseWriter, r *http.Request, v *view) error {
	svc := s.issue
	f, _ := appsFilter(r, v)
	today := issuance.Day(s.auth.Now())
	t := table{Name: "ho-so-cap-the", Header: []string{v.T("apps.id"), v.T("f.id_number"), v.T("apps.type"), v.T("apps.state"),
		v.T("apps.received"), v.T("apps.promised"), v.T("apps.late"), v.T("apps.unit")}}
	t.Each = func(emit func([]any) error) error {
		return svc.EachApplication(r.Context(), v.User, f, func(apps []issuance.Application) error {
			if err := s.disclose(r.Context(), v, "GET /applications/export", actApps, appCitizens(apps), "id_number"); err != nil {
				return err
			}
			for _, a := range appRows(apps, today) {
				if err := emit([]any{a.ID, a.IDNumber, string(a.Type), v.T("state." + string(a.State)),
					fmtTime(a.ReceivedAt, "2006-01-02 15:04"), a.PromisedDate.Format(time.DateOnly), a.Late, a.Unit}); err != nil {
					return err
				}
			}
			return nil
		})
	}
	return export(w, r, t)
}
