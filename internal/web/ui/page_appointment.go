package ui

import (
	"net/http"

	"dancu/internal/issuance"
	"dancu/internal/registry"
)

type apptData struct {
	A       issuance.Appointment
	C       registry.Citizen
	Station issuance.Station
}

// appointmentPage shows one appointment with its queue number, after a
// booking or a walk-in: the slip the officer reads out or prints.
func (s *server) appointmentPage(w http.ResponseWriter, r *http.Request, v *view) error {
	ctx := r.Context()
	var d apptData
	var err error
	if d.A, d.Station, err = s.issue.Appointment(ctx, v.User, r.PathValue("id")); err != nil {
		return err
	}
	if d.C, err = s.reg.Citizen(ctx, d.A.CitizenID); err != nil {
		return err
	}
	if err := s.disclose(ctx, v, "GET /appointments/{id}", actRead, []string{d.C.ID}, "full_name"); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("appt.title"), "intake"
	s.render(w, r, v, http.StatusOK, "appointment", d)
	return nil
}

// walkInSubmit gives a citizen who came without an appointment today's
// next queue number at the chosen station.
func (s *server) walkInSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	z, err := s.citizenByID(r.Context(), v, r.PostFormValue("citizen"))
	if err != nil {
		return err
	}
	svc := s.issue
	a, err := svc.WalkIn(r.Context(), v.User, r.PostFormValue("station"), z.ID)
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "POST /intake/walk-in", actAppt, []string{z.ID}); err != nil {
		return err
	}
	http.Redirect(w, r, "/appointments/"+a.ID, http.StatusSeeOther)
	return nil
}
