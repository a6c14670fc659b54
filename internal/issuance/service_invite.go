package issuance

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// Invite ("mời từng người") creates invited appointments at a station on
// day for up to limit residents of commune who must hold a card but have
// none valid. They fill the free places slot by slot, in name order; the
// residents left over when the day is full are not invited.
func (s *Service) Invite(ctx context.Context, u auth.User, stationID, commune string, day time.Time, limit int) ([]Appointment, error) {
	st, err := s.stationFor(ctx, u, stationID)
	if err != nil {
		return nil, err
	}
	if err := s.covers(u, commune); err != nil {
		return nil, err
	}
	_, view, err := s.DayView(ctx, stationID, day)
	if err != nil {
		return nil, err
	}
	if len(view) == 0 {
		return nil, apperr.New(apperr.Invalid, "station %s is closed on %s", st.Code, day.Format(DayLayout))
	}
	free := 0
	for _, v := range view {
		if at(day, v.Start).After(s.cfg.Now()) {
			free += v.Free
		}
	}
	if limit <= 0 || limit > free {
		limit = free
	}
	people, err := s.cfg.Store.Uninvited(ctx, commune, day, bornBy(day), limit)
	if err != nil {
		return nil, err
	}
	var out []Appointment
	next := 0
	for _, v := range view {
		if !at(day, v.Start).After(s.cfg.Now()) {
			continue
		}
		for range v.Free {
			if next == len(people) {
				return out, nil
			}
			a, err := s.cfg.Store.Book(ctx, Booking{Appointment: s.appointment(st, people[next].CitizenID, day, v.Start, Invited), Capacity: v.Capacity})
			next++
			if apperr.Is(err, apperr.Conflict) {
				continue // booked elsewhere meanwhile, or the slot filled up
			}
			if err != nil {
				return out, err
			}
			out = append(out, a)
		}
	}
	return out, nil
}
