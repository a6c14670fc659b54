package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

type agenciesData struct {
	Agencies []share.Agency
	Fields   []string
	Error    string
	Secret   string // the new agency's client secret, shown once
	Created  string
	Done     string
}

// shareService is the partner agencies' service over the register, or an
// error when the store keeps no agencies.
func (s *server) shareService() (*share.Service, error) {
	if s.share == nil {
		return nil, apperr.New(apperr.NotFound, "partner agencies are not managed on this server")
	}
	return s.share, nil
}

// agenciesPage lists the partner agencies with a form to register one.
func (s *server) agenciesPage(w http.ResponseWriter, r *http.Request, v *view) error {
	return s.showAgencies(w, r, v, http.StatusOK, agenciesData{Done: r.URL.Query().Get("done")})
}

func (s *server) showAgencies(w http.ResponseWriter, r *http.Request, v *view, status int, d agenciesData) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.shareService()
	if err != nil {
		return err
	}
	if d.Agencies, err = svc.Store().Agencies(r.Context()); err != nil {
		return err
	}
	d.Fields = share.Fields()
	v.Title, v.Nav = v.T("agency.title"), "admin"
	s.render(w, r, v, status, "admin_agencies", d)
	return nil
}

// createAgencySubmit registers an agency and shows its client secret once
// (only its hash is stored).
func (s *server) createAgencySubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.shareService()
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.New(apperr.Invalid, "%s", err.Error())
	}
	ag := share.Agency{ID: strings.TrimSpace(r.PostFormValue("id")), Name: strings.TrimSpace(r.PostFormValue("name")),
		LegalBasis: strings.TrimSpace(r.PostFormValue("legal_basis")), Fields: r.PostForm["fields"],
		Status: share.Active, CreatedAt: s.auth.Now().UTC(), Burst: 100}
	for _, line := range strings.Split(r.PostFormValue("purposes"), "\n") {
		name, flag, _ := strings.Cut(strings.TrimSpace(line), ":")
		if name = strings.TrimSpace(name); name != "" {
			ag.Purposes = append(ag.Purposes, share.Purpose{Name: name, ConsentRequired: strings.TrimSpace(flag) == "consent"})
		}
	}
	rate, err := strconv.ParseFloat(strings.TrimSpace(r.PostFormValue("rate")), 64)
	if err != nil || rate <= 0 {
		return s.showAgencies(w, r, v, http.StatusUnprocessableEntity, agenciesData{Error: v.T("agency.err.rate")})
	}
	ag.RatePerSec = rate
	if b := int(2 * rate); b > ag.Burst {
		ag.Burst = b
	}
	if err := ag.Validate(); err != nil {
		return s.showAgencies(w, r, v, http.StatusUnprocessableEntity, agenciesData{Error: err.Error()})
	}
	secret := share.NewSecret()
	hash, err := svc.HashSecret(secret)
	if err != nil {
		return err
	}
	err = svc.Store().CreateAgency(r.Context(), ag, hash)
	if apperr.Is(err, apperr.Conflict) || apperr.Is(err, apperr.Invalid) {
		return s.showAgencies(w, r, v, http.StatusUnprocessableEntity, agenciesData{Error: err.Error()})
	}
	if err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "POST /admin/agencies", actAgencyCreate, ag.ID); err != nil {
		return err
	}
	return s.showAgencies(w, r, v, http.StatusOK, agenciesData{Secret: secret, Created: ag.ID})
}

// confirmSuspend asks before cutting a partner off.
func (s *server) confirmSuspend(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.shareService()
	if err != nil {
		return err
	}
	ag, err := svc.Store().Agency(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	v.Title, v.Nav = v.T("admin.confirm"), "admin"
	s.render(w, r, v, http.StatusOK, "admin_confirm", confirmData{Question: v.Tf("agency.confirm.suspend", ag.Name, ag.ID),
		Action: "/admin/agencies/" + ag.ID + "/suspend", Button: v.T("agency.suspend"), Back: "/admin/agencies"})
	return nil
}

// agencyStatusSubmit suspends or reinstates an agency; other servers
// follow within seconds (share.Service.SetStatus).
func (s *server) agencyStatusSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	if err := requireAdmin(v); err != nil {
		return err
	}
	svc, err := s.shareService()
	if err != nil {
		return err
	}
	id, st, act := r.PathValue("id"), share.Active, actAgencyResume
	switch r.PathValue("action") {
	case "suspend":
		st, act = share.Suspended, actAgencySuspend
	case "reinstate":
	default:
		return apperr.New(apperr.NotFound, "%s", v.T("error.notfound"))
	}
	if err := svc.SetStatus(r.Context(), id, st); err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "POST /admin/agencies/"+id+"/"+r.PathValue("action"), act, id); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/agencies?done="+r.PathValue("action"), http.StatusSeeOther)
	return nil
}
