package ui

import (
	"net/http"
	"strconv"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// createStationSubmit opens a fixed station or a mobile intake team
// (province, ministry and admin accounts; the service checks the role and
// that the unit lies in the officer's area). Hours and slot length take
// the service's defaults.
func (s *server) createStationSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	svc := s.issue
	bad := map[string]string{}
	machines, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("machines")))
	if err != nil || machines < 1 || machines > 100 {
		bad["machines"] = v.T("admin.err.machines")
	}
	minutes, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("minutes")))
	if err != nil || minutes < 1 || minutes > 120 {
		bad["minutes"] = v.T("admin.err.minutes")
	}
	if len(bad) > 0 {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: bad})
	}
	st := issuance.Station{Code: strings.TrimSpace(r.PostFormValue("code")), Name: strings.TrimSpace(r.PostFormValue("name")),
		Kind: issuance.StationKind(r.PostFormValue("kind")), Unit: strings.TrimSpace(r.PostFormValue("unit")),
		Address: strings.TrimSpace(r.PostFormValue("address")), Machines: machines, MinutesPerIntake: minutes}
	_, err = svc.CreateStation(r.Context(), v.User, st)
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Forbidden) || apperr.Is(err, apperr.Conflict) {
		return s.showAdmin(w, r, v, http.StatusUnprocessableEntity, adminData{Errors: map[string]string{"station": err.Error()}})
	}
	if err != nil {
		return err
	}
	if err := s.recordAdmin(r.Context(), v, "/admin/stations "+st.Code, actStationCreate, ""); err != nil {
		return err
	}
	http.Redirect(w, r, "/admin?done=station", http.StatusSeeOther)
	return nil
}
