package selfservice

import (
	"context"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// Cards is the citizen's card status and history: every card bearing
// their number (newest first) and every application they made, each with
// its steps.
type Cards struct {
	Cards        []issuance.Card
	Applications []Application
}

// Application is one card application with its recorded steps.
type Application struct {
	issuance.Application
	Steps []Step
}

// Step is one step of an application as its citizen sees it: the state
// reached, when and why. The officer's account is not named (the office
// is answerable, not the person: see audit.Describe).
type Step struct {
	State  issuance.State
	At     time.Time
	Reason string
}

// Open reports an application still under way.
func (a Application) Open() bool { return !a.State.Final() }

// OwnCards reads the citizen's cards and card applications.
func (s *Service) OwnCards(ctx context.Context, c auth.Citizen, trail audit.Entry) (Cards, error) {
	z, err := s.self(ctx, c)
	if err != nil {
		return Cards{}, err
	}
	var out Cards
	if z.IDNumber != "" {
		if out.Cards, err = s.cfg.Cards.CardsByNumber(ctx, z.IDNumber); err != nil {
			return Cards{}, err
		}
	}
	apps, err := s.cfg.Cards.ApplicationsOfCitizen(ctx, z.ID)
	if err != nil {
		return Cards{}, err
	}
	for _, a := range apps {
		steps, err := s.cfg.Cards.Transitions(ctx, a.ID)
		if err != nil {
			return Cards{}, err
		}
		app := Application{Application: a}
		for _, t := range steps {
			app.Steps = append(app.Steps, Step{State: t.To, At: t.At, Reason: t.Reason})
		}
		out.Applications = append(out.Applications, app)
	}
	if err := s.disclose(ctx, c, trail, ActionCards, []string{z.ID}, "cards", "applications"); err != nil {
		return Cards{}, err
	}
	return out, nil
}
