package procedure

import (
	"context"

	"dancu/internal/pdate"
)

// Store is storage's side of the engine. Methods called with a context
// from registry.Transactor.InTx join that transaction. Expected failures
// are *apperr.Error values (NotFound, Conflict).
type Store interface {
	// CreateDossier inserts a dossier and its first transition.
	CreateDossier(ctx context.Context, d Dossier, first Transition) error
	// LockDossier reads a dossier and locks it until the transaction ends.
	LockDossier(ctx context.Context, id string) (Dossier, error)
	// UpdateDossier stores d (version prevVersion+1 = d.Version) if the
	// stored one is still at prevVersion (else Conflict), with t appended
	// to its history when not nil.
	UpdateDossier(ctx context.Context, d Dossier, prevVersion int, t *Transition) error
	Dossier(ctx context.Context, id string) (Dossier, error)
	Transitions(ctx context.Context, id string) ([]Transition, error)
	// Dossiers lists dossiers by due date (paused ones last), then
	// reception, filtered by q.
	Dossiers(ctx context.Context, q Query) ([]Dossier, error)
	// Counts aggregates dossiers received in [q.From, q.To] per unit and
	// kind, with overdue judged on day.
	Counts(ctx context.Context, q CountQuery, day pdate.Date) ([]Count, error)
}

// Query filters the inbox. Scope is a province or commune code ("" for
// everything); Unit narrows to one responsible commune.
type Query struct {
	Scope   string
	Unit    string
	Kind    string
	States  []State
	Citizen string // dossiers about this citizen
	// DueBefore keeps open dossiers due before this day (overdue
	// worklists).
	DueBefore pdate.Date
	Limit     int
	Offset    int
}

// CountQuery selects the dossiers counted: received within [From, To]
// (zero: unbounded), within Scope.
type CountQuery struct {
	Scope string
	From  pdate.Date
	To    pdate.Date
}

// Count is one unit's and kind's figures.
type Count struct {
	Unit     string `json:"unit"`
	Kind     string `json:"kind"`
	Received int    `json:"received"`
	Open     int    `json:"open"`
	// InTime counts dossiers decided on or before their due date;
	// Overdue open dossiers past it and dossiers decided after it.
	InTime   int `json:"in_time"`
	Overdue  int `json:"overdue"`
	Approved int `json:"approved"`
	Refused  int `json:"refused"`
	// Withdrawn dossiers count as received only.
	Withdrawn int `json:"withdrawn"`
}
