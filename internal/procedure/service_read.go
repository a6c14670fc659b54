package procedure

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// Item is a dossier as an inbox shows it: with its deadline judged today.
type Item struct {
	Dossier
	Overdue bool `json:"overdue"`
	// RemainingWorkingDays until the due date (negative: overdue; 0 while
	// paused or decided).
	RemainingWorkingDays int `json:"remaining_working_days"`
}

// View is one dossier with its history.
type View struct {
	Item
	Procedure   Info         `json:"procedure"`
	Transitions []Transition `json:"transitions"`
}

func (s *Service) item(d Dossier) Item {
	day := Day(s.cfg.Now())
	it := Item{Dossier: d, Overdue: d.Deadline.Overdue(d.State, d.DecidedOn, day)}
	if d.State.Open() {
		it.RemainingWorkingDays = d.Deadline.Remaining(s.cfg.Calendar, day)
	}
	return it
}

// Dossier reads one dossier and its transitions within u's jurisdiction.
// The caller records the disclosure (its subjects) in the audit log.
func (s *Service) Dossier(ctx context.Context, u auth.User, id string) (View, error) {
	if len(id) > 64 {
		return View{}, apperr.New(apperr.NotFound, "no dossier with that id")
	}
	d, err := s.cfg.Store.Dossier(ctx, id)
	if err != nil {
		return View{}, err
	}
	if err := s.visible(u, &d); err != nil {
		return View{}, err
	}
	ts, err := s.cfg.Store.Transitions(ctx, id)
	if err != nil {
		return View{}, err
	}
	v := View{Item: s.item(d), Transitions: ts}
	if k, err := s.Kind(d.Kind); err == nil {
		v.Procedure = k.Info()
	}
	return v, nil
}

// MaxInbox is the most dossiers one inbox page holds.
const MaxInbox = 200

// Inbox lists the dossiers within u's jurisdiction by due date, filtered
// by q (q.Scope is set from u; q.Unit must lie within it).
func (s *Service) Inbox(ctx context.Context, u auth.User, q Query) ([]Item, error) {
	if err := s.scope(u, &q.Scope, q.Unit); err != nil {
		return nil, err
	}
	if q.Kind != "" {
		if _, err := s.Kind(q.Kind); err != nil {
			return nil, err
		}
	}
	if q.Limit <= 0 || q.Limit > MaxInbox {
		q.Limit = MaxInbox
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	ds, err := s.cfg.Store.Dossiers(ctx, q)
	if err != nil {
		return nil, err
	}
	out := make([]Item, len(ds))
	for i, d := range ds {
		out[i] = s.item(d)
	}
	return out, nil
}

// Counts are the dashboard's figures per unit and kind within u's
// jurisdiction (q.Scope is set from u, narrowed to unit when given).
func (s *Service) Counts(ctx context.Context, u auth.User, unit string, q CountQuery) ([]Count, error) {
	if u.Role == "" {
		return nil, apperr.New(apperr.Forbidden, "officers only")
	}
	if err := s.scope(u, &q.Scope, unit); err != nil {
		return nil, err
	}
	if unit != "" {
		q.Scope = unit
	}
	return s.cfg.Store.Counts(ctx, q, Day(s.cfg.Now()))
}

// scope sets *scope to u's and checks that unit lies within it.
func (s *Service) scope(u auth.User, scope *string, unit string) error {
	if u.Role == "" {
		return apperr.New(apperr.Forbidden, "officers only")
	}
	if !u.Role.National() && u.Unit == "" {
		return apperr.New(apperr.Forbidden, "your account has no unit")
	}
	*scope = u.Scope()
	if unit != "" && !u.Covers(s.cfg.Units, unit) {
		return apperr.New(apperr.Forbidden, "unit %s is outside your jurisdiction", unit)
	}
	return nil
}
