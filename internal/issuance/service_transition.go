package issuance

import (
	"context"

	"dancu/internal/auth"
)

// Transition moves an application one step, after Check. The store
// applies the step and its card effects in one transaction, guarded by
// the version the officer saw.
func (s *Service) Transition(ctx context.Context, u auth.User, m Move) (Application, error) {
	a, err := s.cfg.Store.Application(ctx, m.ApplicationID)
	if err != nil {
		return a, err
	}
	if m.Version == 0 {
		m.Version = a.Version
	}
	r, err := Check(s.cfg.Units, u, a, m)
	if err != nil {
		return a, err
	}
	c := Change{Transition: s.transition(u, a.ID, a.State, m.To, m.Reason, m.Version+1), Version: m.Version,
		Activate: r.activatesCard}
	if r.producesCard {
		c.NewCard = &Card{Number: a.IDNumber, CitizenID: a.CitizenID, ApplicationID: a.ID,
			IssueDate: Day(m.Card.IssueDate), ExpiryDate: m.Card.ExpiryDate, State: CardProduced}
	}
	out, err := s.cfg.Store.ApplyTransition(ctx, c)
	if err != nil || !c.Activate {
		return out, err
	}
	return out, s.cardActivated(ctx, out)
}

// Late is an application past its promised date and not yet handed over.
type Late struct {
	Application
	// WorkingDaysOverdue counts the working days after the promised date
	// up to and including the day asked about.
	WorkingDaysOverdue int `json:"working_days_overdue"`
}

// RecordProduced is production's entry point: the card system reports a
// produced card for an application in production, as the ministry.
func (s *Service) RecordProduced(ctx context.Context, system auth.User, applicationID string, card ProducedCard) (Application, error) {
	return s.Transition(ctx, system, Move{ApplicationID: applicationID, To: Produced, Card: &card})
}
