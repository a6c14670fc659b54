package issuance

import (
	"context"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/registry"
)

// NewApplication is what an officer enters when receiving a citizen.
type NewApplication struct {
	CitizenID string   `json:"citizen_id"`
	StationID string   `json:"station_id"`
	Type      Type     `json:"type"`
	Reason    Reason   `json:"reason,omitempty"`
	Captures  Captures `json:"captures"`
}

// Apply receives an application at a station from the citizen's record:
// the ID number comes from the register, the promised date from the
// calendar and the fee from the schedule. Captures may be completed
// later; verification needs them complete.
func (s *Service) Apply(ctx context.Context, u auth.User, n NewApplication) (Application, error) {
	if err := checkTypeReason(n.Type, n.Reason); err != nil {
		return Application{}, err
	}
	st, err := s.stationFor(ctx, u, n.StationID)
	if err != nil {
		return Application{}, err
	}
	c, err := s.cfg.Citizens.Citizen(ctx, n.CitizenID)
	if err != nil {
		return Application{}, err
	}
	if c.Status != registry.Alive || c.IDNumber == "" {
		return Application{}, apperr.New(apperr.Invalid, "a card needs a living citizen with an ID number")
	}
	now := s.cfg.Now().UTC()
	a := Application{ID: s.cfg.NewID(), CitizenID: c.ID, IDNumber: c.IDNumber, Type: n.Type, Reason: n.Reason,
		StationID: st.ID, Unit: st.Unit, Province: st.Province, State: Submitted, ReceivedAt: now,
		PromisedDate: s.cfg.Calendar.AddWorkingDays(Day(now), ProcessingDays),
		Fee:          s.cfg.Fee(n.Type, n.Reason, now), Captures: n.Captures, Version: 1, UpdatedAt: now}
	first := s.transition(u, a.ID, "", Submitted, "", 1)
	if err := s.cfg.Store.CreateApplication(ctx, a, first); err != nil {
		return Application{}, err
	}
	return a, nil
}

func checkTypeReason(t Type, r Reason) error {
	allowed, ok := reasonsOf[t]
	switch {
	case !ok:
		return apperr.WithFields("invalid application", apperr.FieldError{Field: "type", Reason: "must be first_issuance, exchange, reissue or conversion"})
	case len(allowed) == 0 && r != "":
		return apperr.WithFields("invalid application", apperr.FieldError{Field: "reason", Reason: string(t) + " takes no reason"})
	case len(allowed) > 0 && !slices.Contains(allowed, r):
		return apperr.WithFields("invalid application", apperr.FieldError{Field: "reason", Reason: "a " + string(t) + " needs one of " + joinReasons(allowed)})
	}
	return nil
}

func joinReasons(rs []Reason) string {
	out := ""
	for i, r := range rs {
		if i > 0 {
			out += ", "
		}
		out += string(r)
	}
	return out
}

// Application reads one application within the user's jurisdiction.
func (s *Service) Application(ctx context.Context, u auth.User, id string) (Application, error) {
	a, err := s.cfg.Store.Application(ctx, id)
	if err != nil {
		return a, err
	}
	return a, s.covers(u, a.Unit)
}

// Applications lists applications within the user's jurisdiction.
func (s *Service) Applications(ctx context.Context, u auth.User, f Filter) ([]Application, error) {
	if f.Scope == "" {
		f.Scope = u.Scope()
	} else if err := s.covers(u, f.Scope); err != nil {
		return nil, err
	}
	if u.Scope() != "" && u.Unit == "" {
		return nil, apperr.New(apperr.Forbidden, "your account has no unit")
	}
	return s.cfg.Store.Applications(ctx, f)
}

// History lists an application's transitions, oldest first.
func (s *Service) History(ctx context.Context, u auth.User, id string) ([]Transition, error) {
	if _, err := s.Application(ctx, u, id); err != nil {
		return nil, err
	}
	return s.cfg.Store.Transitions(ctx, id)
}
