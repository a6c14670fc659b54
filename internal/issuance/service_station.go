package issuance

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// CreateStation adds a station. Province officers (within their
// province), ministry and admin accounts create stations.
func (s *Service) CreateStation(ctx context.Context, u auth.User, st Station) (Station, error) {
	switch u.Role {
	case auth.RoleProvince, auth.RoleMinistry, auth.RoleAdmin:
	default:
		return Station{}, apperr.New(apperr.Forbidden, "stations are created by province, ministry or admin accounts, not %s", u.Role)
	}
	st = st.WithDefaults()
	if err := st.Validate(); err != nil {
		return Station{}, err
	}
	unit, ok := s.cfg.Units.Lookup(auth.UnitList, st.Unit)
	if !ok || (unit.Level != units.Commune && unit.Level != units.Province) {
		return Station{}, apperr.WithFields("invalid station", apperr.FieldError{Field: "unit",
			Reason: "must be a commune or province code of the " + string(auth.UnitList) + " list"})
	}
	if err := s.covers(u, st.Unit); err != nil {
		return Station{}, err
	}
	prov, _ := s.cfg.Units.ProvinceOf(auth.UnitList, st.Unit)
	st.ID, st.Province = s.cfg.NewID(), prov.Code
	if err := s.cfg.Store.CreateStation(ctx, st); err != nil {
		return Station{}, err
	}
	return st, nil
}

// Station reads one station; stations are not personal data.
func (s *Service) Station(ctx context.Context, id string) (Station, error) {
	return s.cfg.Store.Station(ctx, id)
}

// Stations lists the stations of a unit ("" for all).
func (s *Service) Stations(ctx context.Context, unit string) ([]Station, error) {
	return s.cfg.Store.Stations(ctx, unit)
}

// DayView is a station's day slot by slot: capacity, expected, served,
// no-shows, walk-ins and free places.
func (s *Service) DayView(ctx context.Context, stationID string, day time.Time) (Station, []SlotView, error) {
	st, err := s.cfg.Store.Station(ctx, stationID)
	if err != nil {
		return st, nil, err
	}
	appts, err := s.cfg.Store.Appointments(ctx, stationID, day)
	if err != nil {
		return st, nil, err
	}
	return st, DayView(st, day, appts), nil
}
