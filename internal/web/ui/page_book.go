package ui

import (
	"net/http"
	"strconv"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

type bookData struct {
	C        registry.Citizen
	Stations []issuance.Station
	Station  *issuance.Station
	Day      time.Time
	Slots    []issuance.SlotView // the slots still open for booking
	Error    string
}

// bookPage lists a station's free slots of a day for one citizen, with a
// walk-in button for today. The station and day are in the query (they
// are not personal data); the citizen is the opaque id in the path.
func (s *server) bookPage(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.bookData(r, v, r.URL.Query().Get("station"), r.URL.Query().Get("day"))
	if err != nil {
		return err
	}
	return s.renderBook(w, r, v, http.StatusOK, d)
}

// bookSubmit books the chosen slot and shows the queue number; a slot
// filled meanwhile or over comes back on the form.
func (s *server) bookSubmit(w http.ResponseWriter, r *http.Request, v *view) error {
	d, err := s.bookData(r, v, r.PostFormValue("station"), r.PostFormValue("day"))
	if err != nil {
		return err
	}
	start, ok := parseClock(r.PostFormValue("slot"))
	if !ok || d.Station == nil {
		d.Error = v.T("book.err.slot")
		return s.renderBook(w, r, v, http.StatusUnprocessableEntity, d)
	}
	svc := s.issue
	a, err := svc.Book(r.Context(), v.User, d.Station.ID, d.C.ID, d.Day, start)
	if apperr.Is(err, apperr.Invalid) || apperr.Is(err, apperr.Conflict) {
		d.Error = v.T("book.err.full") + " (" + safeMessage(err) + ")"
		return s.renderBook(w, r, v, http.StatusUnprocessableEntity, d)
	}
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "POST /citizens/{id}/book", actAppt, []string{d.C.ID}); err != nil {
		return err
	}
	http.Redirect(w, r, "/appointments/"+a.ID, http.StatusSeeOther)
	return nil
}

// bookData reads the citizen (jurisdiction checked), the stations of the
// officer's area and the chosen station's open slots.
func (s *server) bookData(r *http.Request, v *view, station, day string) (bookData, error) {
	if !v.User.Role.CanEdit() {
		return bookData{}, apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	ctx := r.Context()
	z, err := s.citizenByID(ctx, v, r.PathValue("id"))
	if err != nil {
		return bookData{}, err
	}
	svc := s.issue
	d := bookData{C: z, Day: issuance.Day(s.auth.Now())}
	if day != "" {
		if d.Day, err = issuance.ParseDay(day); err != nil {
			return d, apperr.New(apperr.Invalid, "day: use YYYY-MM-DD")
		}
	}
	if d.Stations, err = svc.Stations(ctx, v.User.Scope()); err != nil {
		return d, err
	}
	if station == "" && len(d.Stations) > 0 {
		station = d.Stations[0].ID
	}
	if station == "" {
		return d, nil
	}
	st, slots, err := svc.DayView(ctx, station, d.Day)
	if err != nil {
		return d, err
	}
	if !v.User.Covers(s.units, st.Unit) {
		return d, apperr.New(apperr.Forbidden, "%s", v.T("error.unit"))
	}
	d.Station, d.Slots = &st, openSlots(slots, d.Day, s.auth.Now())
	return d, nil
}

func (s *server) renderBook(w http.ResponseWriter, r *http.Request, v *view, status int, d bookData) error {
	if err := s.disclose(r.Context(), v, "GET /citizens/{id}/book", actRead, []string{d.C.ID}, "full_name"); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("book.title")+": "+d.C.FullName, "intake"
	s.render(w, r, v, status, "book", d)
	return nil
}

// openSlots keeps the slots with room that have not ended by now.
func openSlots(slots []issuance.SlotView, day, now time.Time) []issuance.SlotView {
	var out []issuance.SlotView
	for _, sl := range slots {
		y, m, dd := day.Date()
		end := time.Date(y, m, dd, 0, int(sl.End), 0, 0, vietnam)
		if sl.Free > 0 && end.After(now) {
			out = append(out, sl)
		}
	}
	return out
}

// parseClock reads "HH:MM" as the slot forms write it.
func parseClock(s string) (issuance.Clock, bool) {
	var c issuance.Clock
	return c, c.UnmarshalJSON([]byte(strconv.Quote(s))) == nil
}
