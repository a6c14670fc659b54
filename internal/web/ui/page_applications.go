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
}

type appRow struct {
	issuance.Application
	Late bool
}

const appsLimit = 200

// applications lists the user's applications in a state (all when none
// is chosen), soonest deadline first as the store orders them.
func (s *server) applications(r *http.Request, v *view) (appsData, error) {
	svc, err := s.issuance()
	if err != nil {
		return appsData{}, err
	}
	d := appsData{State: r.URL.Query().Get("state"), States: issuance.States, Today: issuance.Day(s.auth.Now())}
	d.ExportURL = "/applications/export?state=" + url.QueryEscape(d.State)
	f := issuance.Filter{Scope: v.User.Scope(), Limit: appsLimit}
	for _, st := range issuance.States {
		if string(st) == d.State {
			f.State = st
		}
	}
	apps, err := svc.Applications(r.Context(), v.User, f)
	if err != nil {
		return d, err
	}
	ids := make([]string, len(apps))
	for i, a := range apps {
		late := a.PromisedDate.Before(d.Today) && a.State != "handed_over" && a.State != "rejected" && a.State != "cancelled"
		d.Items, ids[i] = append(d.Items, appRow{Application: a, Late: late}), a.CitizenID
	}
	if len(ids) > 0 {
		if err := s.disclose(r.Context(), v, "GET /applications", actApps, ids, "id_number"); err != nil {
			return d, err
		}
	}
	return d, nil
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

func (s *server) applicationsExport(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.applications(r, v)
	if err != nil {
		return err
	}
	t := table{Name: "ho-so-cap-the", Header: []string{v.T("apps.id"), v.T("f.id_number"), v.T("apps.type"), v.T("apps.state"),
		v.T("apps.received"), v.T("apps.promised"), v.T("apps.late"), v.T("apps.unit")}}
	for _, a := range d.Items {
		t.Rows = append(t.Rows, []any{a.ID, a.IDNumber, string(a.Type), v.T("state." + string(a.State)),
			fmtTime(a.ReceivedAt, "2006-01-02 15:04"), a.PromisedDate.Format(time.DateOnly), a.Late, a.Unit})
	}
	return export(w, r, t)
}
