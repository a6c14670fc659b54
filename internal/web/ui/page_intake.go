package ui

import (
	"net/http"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

type intakeData struct {
	Stations []issuance.Station
	Station  *issuance.Station
	Day      time.Time
	Slots    []issuance.SlotView
	Board    []boardRow
}

// boardRow is one queue number of the day's board.
type boardRow struct {
	issuance.Appointment
	Name string
}

// intakePage is the intake desk: the stations of the user's area and one
// station's appointment board for a day, in queue-number order.
func (s *server) intakePage(w http.ResponseWriter, r *http.Request, v *view) error {
	ctx := r.Context()
	svc := s.issue
	var err error
	d := intakeData{Day: issuance.Day(s.auth.Now())}
	if day := r.URL.Query().Get("day"); day != "" {
		if d.Day, err = issuance.ParseDay(day); err != nil {
			return apperr.New(apperr.Invalid, "day: use YYYY-MM-DD")
		}
	}
	if d.Stations, err = svc.Stations(ctx, v.User.Scope()); err != nil {
		return err
	}
	id := r.URL.Query().Get("station")
	if id == "" && len(d.Stations) > 0 {
		id = d.Stations[0].ID
	}
	var ids []string
	if id != "" {
		st, slots, err := svc.DayView(ctx, id, d.Day)
		if err != nil {
			return err
		}
		if !v.User.Covers(s.units, st.Unit) {
			return apperr.New(apperr.Forbidden, "%s", v.T("error.unit"))
		}
		d.Station, d.Slots = &st, slots
		appts, err := svc.Appointments(ctx, v.User, st.ID, d.Day)
		if err != nil {
			return err
		}
		for _, a := range appts {
			z, err := s.reg.Citizen(ctx, a.CitizenID)
			if err != nil {
				return err
			}
			d.Board, ids = append(d.Board, boardRow{Appointment: a, Name: z.FullName}), append(ids, a.CitizenID)
		}
	}
	if len(ids) > 0 {
		if err := s.disclose(ctx, v, "GET /intake", actAppt, ids, "full_name"); err != nil {
			return err
		}
	}
	v.Title, v.Nav = v.T("intake.title"), "intake"
	s.render(w, r, v, http.StatusOK, "intake", d)
	return nil
}
