package issuance

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// The read side of the intake desk and the dashboards: each read checks
// the officer's jurisdiction here, so the web pages and the API agree.

// Appointment reads one appointment and its station, for an officer whose
// unit covers the station.
func (s *Service) Appointment(ctx context.Context, u auth.User, id string) (Appointment, Station, error) {
	if len(id) > 64 {
		return Appointment{}, Station{}, apperr.New(apperr.NotFound, "no such appointment")
	}
	a, err := s.cfg.Store.Appointment(ctx, id)
	if err != nil {
		return a, Station{}, err
	}
	st, err := s.cfg.Store.Station(ctx, a.StationID)
	if err != nil {
		return a, st, err
	}
	return a, st, s.actOn(u, st)
}

// Appointments lists a station's appointments on day.
func (s *Service) Appointments(ctx context.Context, u auth.User, stationID string, day time.Time) ([]Appointment, error) {
	st, err := s.cfg.Store.Station(ctx, stationID)
	if err != nil {
		return nil, err
	}
	if err := s.actOn(u, st); err != nil {
		return nil, err
	}
	return s.cfg.Store.Appointments(ctx, stationID, day)
}

// CardsOf lists the cards bearing a number, newest first. The caller has
// read the holder's record within its jurisdiction.
func (s *Service) CardsOf(ctx context.Context, number string) ([]Card, error) {
	if number == "" {
		return nil, nil
	}
	return s.cfg.Store.CardsByNumber(ctx, number)
}

// DailyCounts counts a unit's receptions, productions and hand-overs on
// each day from from to to inclusive, for the dashboards' charts.
func (s *Service) DailyCounts(ctx context.Context, u auth.User, unit string, from, to time.Time) ([]Counts, error) {
	if err := s.covers(u, unit); err != nil {
		return nil, err
	}
	var out []Counts
	for d := from; !d.After(to); d = d.AddDate(0, 0, 1) {
		c, err := s.cfg.Store.CountEvents(ctx, unit, d, d)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, nil
}

// Populations counts, in one pass, every commune's (or, for "", every
// province's) eligible residents on day and those covered, for progress
// over many units at once (ProgressGiven).
func (s *Service) Populations(ctx context.Context, u auth.User, province string, day time.Time) (map[string][2]int64, error) {
	if province != "" {
		if err := s.covers(u, province); err != nil {
			return nil, err
		}
	} else if u.Scope() != "" {
		return nil, apperr.New(apperr.Forbidden, "national figures need a national role")
	}
	return s.cfg.Store.PopulationByUnit(ctx, province, day, bornBy(day))
}

// ProgressGiven is Progress with the populations counted in advance by
// Populations; a unit missing from pop is counted on its own.
func (s *Service) ProgressGiven(ctx context.Context, u auth.User, unit string, day time.Time, pop map[string][2]int64) (Progress, error) {
	p, err := s.progress(ctx, u, unit, day)
	if err != nil {
		return p, err
	}
	if v, ok := pop[unit]; ok {
		p.Eligible, p.Covered = v[0], v[1]
		return p, nil
	}
	p.Eligible, p.Covered, err = s.cfg.Store.Population(ctx, unit, day, bornBy(day))
	return p, err
}
