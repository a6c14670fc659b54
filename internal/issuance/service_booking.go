package issuance

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/registry"
)

// Book reserves a slot for a citizen. Officers of the station's area book
// for citizens (who have no accounts here).
func (s *Service) Book(ctx context.Context, u auth.User, stationID, citizenID string, day time.Time, start Clock) (Appointment, error) {
	st, err := s.stationFor(ctx, u, stationID)
	if err != nil {
		return Appointment{}, err
	}
	slot, ok := SlotAt(st, day, start)
	if !ok {
		return Appointment{}, apperr.New(apperr.Invalid, "station %s has no slot at %s on %s", st.Code, start, day.Format(DayLayout))
	}
	if !at(day, slot.End).After(s.cfg.Now()) {
		return Appointment{}, apperr.New(apperr.Invalid, "the slot %s on %s is over", start, day.Format(DayLayout))
	}
	if err := s.mustBeAlive(ctx, u, citizenID); err != nil {
		return Appointment{}, err
	}
	return s.cfg.Store.Book(ctx, Booking{Appointment: s.appointment(st, citizenID, day, start, Booked), Capacity: slot.Capacity})
}

// WalkIn gives a citizen who came without an appointment a queue number.
// Walk-ins are served between appointments and do not use slot capacity;
// they are counted in the slot of their arrival.
func (s *Service) WalkIn(ctx context.Context, u auth.User, stationID, citizenID string) (Appointment, error) {
	st, err := s.stationFor(ctx, u, stationID)
	if err != nil {
		return Appointment{}, err
	}
	now := s.cfg.Now()
	day := Day(now)
	slots := Slots(st, day)
	if len(slots) == 0 {
		return Appointment{}, apperr.New(apperr.Invalid, "station %s is closed on %s", st.Code, day.Format(DayLayout))
	}
	if err := s.mustBeAlive(ctx, u, citizenID); err != nil {
		return Appointment{}, err
	}
	h, m, _ := now.In(vietnam).Clock()
	start := slotContaining(slots, Clock(h*60+m))
	return s.cfg.Store.Book(ctx, Booking{Appointment: s.appointment(st, citizenID, day, start, WalkIn)})
}

// Cancel cancels an active appointment.
func (s *Service) Cancel(ctx context.Context, u auth.User, id string) (Appointment, error) {
	return s.end(ctx, u, id, AppointmentCancelled)
}

// MarkNoShow records that the citizen did not come; only after the slot.
func (s *Service) MarkNoShow(ctx context.Context, u auth.User, id string) (Appointment, error) {
	return s.end(ctx, u, id, AppointmentNoShow)
}

func (s *Service) end(ctx context.Context, u auth.User, id string, to AppointmentState) (Appointment, error) {
	a, err := s.cfg.Store.Appointment(ctx, id)
	if err != nil {
		return a, err
	}
	st, err := s.stationFor(ctx, u, a.StationID)
	if err != nil {
		return a, err
	}
	if to == AppointmentNoShow {
		slot, ok := SlotAt(st, a.Day, a.SlotStart)
		if ok && at(a.Day, slot.End).After(s.cfg.Now()) {
			return a, apperr.New(apperr.Conflict, "a no-show can be recorded only after the slot ends at %s", slot.End)
		}
	}
	return s.cfg.Store.EndAppointment(ctx, id, to, s.cfg.Now().UTC())
}

// stationFor reads a station that u may act on.
func (s *Service) stationFor(ctx context.Context, u auth.User, stationID string) (Station, error) {
	st, err := s.cfg.Store.Station(ctx, stationID)
	if err != nil {
		return st, err
	}
	return st, s.actOn(u, st)
}

func (s *Service) appointment(st Station, citizenID string, day time.Time, start Clock, kind AppointmentKind) Appointment {
	now := s.cfg.Now().UTC()
	return Appointment{ID: s.cfg.NewID(), StationID: st.ID, CitizenID: citizenID, Day: day, SlotStart: start,
		Kind: kind, State: AppointmentActive, CreatedAt: now, UpdatedAt: now}
}

// mustBeAlive reads a citizen u may serve and refuses one not alive.
func (s *Service) mustBeAlive(ctx context.Context, u auth.User, citizenID string) error {
	c, err := s.holder(ctx, u, citizenID)
	if err != nil {
		return err
	}
	if c.Status != registry.Alive {
		return apperr.New(apperr.Invalid, "the citizen's status is %s", c.Status)
	}
	return nil
}

// holder reads the citizen an application or appointment is for, within
// u's jurisdiction. The station's unit is not enough: an officer of one
// commune must not file for a person another commune keeps, who would
// then be blocked there by a record that commune cannot see. The check
// uses the record's CURRENT permanent residence, and the refusal names
// neither the person's number nor their status.
func (s *Service) holder(ctx context.Context, u auth.User, citizenID string) (registry.Citizen, error) {
	if len(citizenID) > 64 {
		return registry.Citizen{}, apperr.New(apperr.NotFound, "no citizen with that id")
	}
	c, err := s.cfg.Citizens.Citizen(ctx, citizenID)
	if err != nil {
		return registry.Citizen{}, err
	}
	if !u.CanSee(s.cfg.Units, c.Permanent.Commune, c.Permanent.Province) {
		return registry.Citizen{}, apperr.New(apperr.Forbidden, "this citizen's permanent residence is outside your jurisdiction")
	}
	return c, nil
}
