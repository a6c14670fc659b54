package portal

import (
	"net/http"
	"strings"
	"time"

	"dancu/internal/procedure"
	"dancu/internal/residence"
)

// stayForm is thông báo lưu trú by a host for guests staying at their
// home: the host's commune and address come from their own record.
func (s *server) stayForm(v *view, r *http.Request, commune, address string) *dossierForm {
	val := func(n, def string) string {
		if r == nil {
			return def
		}
		return strings.TrimSpace(r.PostFormValue(n))
	}
	now := time.Now().In(procedure.Vietnam)
	return &dossierForm{Kind: "residence.stay_notice", Heading: v.T("stay.title"), Intro: v.T("stay.intro"),
		Action: Prefix + "/residence/stay",
		Inputs: []input{{Name: "commune", Type: "hidden", Value: commune},
			{Name: "guests", Label: v.T("stay.guests"), Type: "textarea", Value: val("guests", ""), Required: true, Hint: v.T("stay.guests.hint")},
			{Name: "address", Label: v.T("stay.address"), Type: "text", Value: val("address", address), Required: true},
			{Name: "arrival", Label: v.T("stay.arrival"), Type: "datetime-local", Value: val("arrival", now.Format("2006-01-02T15:04")), Required: true},
			{Name: "until", Label: v.T("stay.until"), Type: "date", Value: val("until", ""), Required: true, Hint: v.T("stay.until.hint")},
			{Name: "reason", Label: v.T("stay.reason"), Type: "text", Value: val("reason", ""), Required: true}}}
}

func (s *server) stayPage(w http.ResponseWriter, r *http.Request, v *view) error {
	rec, err := s.self.OwnRecord(r.Context(), v.Session.Citizen(), trail(r, v))
	if err != nil {
		return err
	}
	home := rec.Citizen.Current
	if home.Commune == "" {
		home = rec.Citizen.Permanent
	}
	s.renderForm(w, v, http.StatusOK, s.stayForm(v, nil, home.Commune, home.Address))
	return nil
}

// staySubmit files thông báo lưu trú with the citizen as the host.
func (s *server) staySubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := r.ParseMultipartForm(maxUploadMemory); err != nil {
		return badUpload(v)
	}
	defer r.MultipartForm.RemoveAll()
	f := s.stayForm(v, r, r.PostFormValue("commune"), "")
	form := residence.StayForm{Commune: r.PostFormValue("commune"), Address: r.PostFormValue("address"),
		Until: day(r.PostFormValue("until")), Reason: r.PostFormValue("reason")}
	for _, n := range strings.Fields(r.PostFormValue("guests")) {
		form.Guests = append(form.Guests, residence.Guest{IDNumber: n})
	}
	if t, err := time.ParseInLocation("2006-01-02T15:04", r.PostFormValue("arrival"), procedure.Vietnam); err == nil {
		form.Arrival = t
	}
	return s.submit(w, r, v, f, form, "host", nil)
}
