package issuance

import (
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// Transition is one stored step of an application's history; the store
// keeps them append-only.
type Transition struct {
	ApplicationID string    `json:"application_id"`
	Seq           int       `json:"seq"` // the application's version after the step
	From          State     `json:"from"`
	To            State     `json:"to"`
	At            time.Time `json:"at"`
	UserID        string    `json:"user_id"`
	Username      string    `json:"username"`
	Role          auth.Role `json:"role"`
	Unit          string    `json:"unit,omitempty"`
	Reason        string    `json:"reason,omitempty"`
}

// Move is an officer's request to change an application's state.
type Move struct {
	ApplicationID string
	// Version is the version the officer saw; a stale one is a Conflict.
	Version int
	To      State
	Reason  string
	// CitizenConfirmed records that the citizen confirmed receipt, which
	// handing over requires.
	CitizenConfirmed bool
	// Card is the produced card, required when moving to Produced.
	Card *ProducedCard
}

// ProducedCard is what production reports about a card: its dates. The
// number is the holder's ID number.
type ProducedCard struct {
	IssueDate  time.Time  `json:"issue_date"`
	ExpiryDate *time.Time `json:"expiry_date,omitempty"` // nil: valid for life
}

// Check decides whether user may move app as m asks. The errors name the
// current state, the requested one and the reason for refusal.
func Check(cat *units.Catalog, user auth.User, app Application, m Move) (rule, error) {
	from, to := app.State, m.To
	refuse := func(code apperr.Code, why string) (rule, error) {
		return rule{}, apperr.New(code, "cannot move application from %s to %s: %s", from, to, why)
	}
	if user.Role == auth.RoleAuditor {
		return refuse(apperr.Forbidden, "auditors read, they never change an application")
	}
	r, ok := workflow[from][to]
	if !ok {
		if from.Final() {
			return refuse(apperr.Conflict, string(from)+" is final")
		}
		return refuse(apperr.Conflict, "allowed next states are "+joinStates(Next(from)))
	}
	if !r.by.allows(user.Role) {
		return refuse(apperr.Forbidden, "this step is for "+r.by.label+", not a "+string(user.Role)+" user")
	}
	if !user.Role.National() && !user.Covers(cat, app.Unit) {
		return refuse(apperr.Forbidden, "the station's unit "+app.Unit+" is outside your jurisdiction")
	}
	if r.needsReason && strings.TrimSpace(m.Reason) == "" {
		return refuse(apperr.Invalid, "a reason is required")
	}
	if r.needsConsent && !m.CitizenConfirmed {
		return refuse(apperr.Invalid, "the citizen must confirm receipt of the card")
	}
	if r.producesCard && (m.Card == nil || m.Card.IssueDate.IsZero()) {
		return refuse(apperr.Invalid, "the produced card's issue date is required")
	}
	if to == Verified {
		if err := app.Captures.Check(); err != nil {
			return refuse(apperr.Invalid, err.Error()+" (verification needs complete captures)")
		}
	}
	return r, nil
}

func joinStates(ss []State) string {
	if len(ss) == 0 {
		return "none"
	}
	parts := make([]string, len(ss))
	for i, s := range ss {
		parts[i] = string(s)
	}
	return strings.Join(parts, ", ")
}
