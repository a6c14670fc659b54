package issuance

import (
	"context"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// SetQuota sets a unit's target for a period. Province officers set
// quotas in their province; ministry and admin accounts everywhere.
func (s *Service) SetQuota(ctx context.Context, u auth.User, q Quota) error {
	switch u.Role {
	case auth.RoleProvince, auth.RoleMinistry, auth.RoleAdmin:
	default:
		return apperr.New(apperr.Forbidden, "quotas are set by province, ministry or admin accounts, not %s", u.Role)
	}
	if err := s.checkUnit(q.Unit); err != nil {
		return err
	}
	if err := q.Validate(); err != nil {
		return err
	}
	if err := s.covers(u, q.Unit); err != nil {
		return err
	}
	return s.cfg.Store.SetQuota(ctx, q)
}

// Progress is a unit's standing on day against its quota and population.
func (s *Service) Progress(ctx context.Context, u auth.User, unit string, day time.Time) (Progress, error) {
	return s.ProgressGiven(ctx, u, unit, day, nil)
}

// progress is Progress without the population counts.
func (s *Service) progress(ctx context.Context, u auth.User, unit string, day time.Time) (Progress, error) {
	if err := s.checkUnit(unit); err != nil {
		return Progress{}, err
	}
	if err := s.covers(u, unit); err != nil {
		return Progress{}, err
	}
	p := Progress{Unit: unit, Day: day}
	var err error
	if p.Quota, err = s.cfg.Store.QuotaOn(ctx, unit, day); err != nil {
		return p, err
	}
	from := time.Time{}
	if p.Quota != nil {
		from = p.Quota.From
	}
	if p.Total, err = s.cfg.Store.CountEvents(ctx, unit, from, day); err != nil {
		return p, err
	}
	if p.Today, err = s.cfg.Store.CountEvents(ctx, unit, day, day); err != nil {
		return p, err
	}
	prev := day.AddDate(0, 0, -1)
	if p.Previous, err = s.cfg.Store.CountEvents(ctx, unit, prev, prev); err != nil {
		return p, err
	}
	p.Change = p.Today.Sub(p.Previous)
	return p, nil
}

// checkUnit accepts a commune or province of the current unit list.
func (s *Service) checkUnit(code string) error {
	un, ok := s.cfg.Units.Lookup(auth.UnitList, code)
	if !ok || (un.Level != units.Commune && un.Level != units.Province) {
		return apperr.WithFields("unknown unit", apperr.FieldError{Field: "unit", Reason: "must be a commune or province code of the " + string(auth.UnitList) + " list"})
	}
	return nil
}
