package issuance

import (
	"context"
	"errors"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/card"
	"dancu/internal/pdate"
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
	if n.Type == "" {
		return Application{}, apperr.WithFields("invalid application", apperr.FieldError{Field: "type", Reason: "required: first_issuance, exchange, reissue or conversion"})
	}
	st, err := s.stationFor(ctx, u, n.StationID)
	if err != nil {
		return Application{}, err
	}
	c, err := s.holder(ctx, u, n.CitizenID)
	if err != nil {
		return Application{}, err
	}
	if c.Status != registry.Alive || c.IDNumber == "" {
		return Application{}, apperr.New(apperr.Invalid, "a card needs a living citizen with an ID number")
	}
	now := s.cfg.Now().UTC()
	fee, err := s.cfg.Fee(cardApplication(n, c.BirthDate, now))
	if err != nil {
		return Application{}, applicationError(err)
	}
	due, err := promisedDate(s.cfg.Calendar, now)
	if err != nil {
		return Application{}, err
	}
	n.Captures.Needs = NeedsOn(c.BirthDate, now)
	a := Application{ID: s.cfg.NewID(), CitizenID: c.ID, IDNumber: c.IDNumber, Type: n.Type, Reason: n.Reason,
		StationID: st.ID, Unit: st.Unit, Province: st.Province, State: Submitted, ReceivedAt: now,
		PromisedDate: due, Fee: fee.VND, FeeBasis: fee.Basis, Captures: n.Captures, Version: 1, UpdatedAt: now}
	first := s.transition(u, a.ID, "", Submitted, "", 1)
	if err := s.cfg.Store.CreateApplication(ctx, a, first); err != nil {
		return Application{}, err
	}
	return a, nil
}

// cardApplication describes n to the card rules. An age-milestone
// exchange is for the latest milestone the holder has reached on the day
// received (an exchange before the birthday is "on request").
func cardApplication(n NewApplication, birth pdate.Date, received time.Time) card.Application {
	a := card.Application{Kind: n.Type, Reason: n.Reason, Received: pdate.FromTime(Day(received))}
	if n.Reason == AgeMilestone {
		age, _ := birth.AgeAt(Day(received))
		for _, m := range []int{14, 25, 40, 60} {
			if age >= m {
				a.Milestone = m
			}
		}
	}
	return a
}

// applicationError turns the card rules' refusal into a field error.
func applicationError(err error) error {
	if !errors.Is(err, card.ErrApplication) {
		return apperr.Wrap(err, "fee")
	}
	field := "type"
	if strings.Contains(err.Error(), "reason") || strings.Contains(err.Error(), "milestone") {
		field = "reason"
	}
	return apperr.WithFields("invalid application", apperr.FieldError{Field: field, Reason: strings.TrimPrefix(err.Error(), card.ErrApplication.Error()+": ")})
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
