package registry

import (
	"context"
	"time"
)

// Transactor runs one change to the register in one transaction. Every
// store method called with the context fn receives joins that transaction,
// so the version, its quality findings, its events for agencies and its
// audit entry commit together or not at all.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Writer is storage's side of a change. Its methods run inside the
// caller's transaction (Transactor.InTx) and decide nothing: the version
// number, the reason rule and "no change, no version" are the Service's.
type Writer interface {
	// LockCitizen reads the current state of id and locks it until the
	// transaction ends.
	LockCitizen(ctx context.Context, id string) (Citizen, error)
	// PutVersion stores c as the current state and appends it as version
	// c.Version to the history. prevVersion 0 inserts a new citizen;
	// otherwise the projection must still be at prevVersion (else
	// Conflict). previous holds the changed fields' earlier values.
	PutVersion(ctx context.Context, c Citizen, prevVersion int, meta ChangeMeta, previous map[string]any) error
	// NumbersTaken reports which numbers are held or were ever cancelled.
	NumbersTaken(ctx context.Context, numbers []string) (map[string]bool, error)
	// CancelNumber keeps a cancelled number linked to its holder forever.
	CancelNumber(ctx context.Context, n CancelledNumber) error
	// RestoreNumber gives a cancelled number back to the person it was
	// cancelled from (an undone merge).
	RestoreNumber(ctx context.Context, number, citizenID string) error
}

// CancelledNumber is an ID number taken out of use (merge, correction).
type CancelledNumber struct {
	Number      string
	CitizenID   string
	CancelledAt time.Time
	Reason      string
	ReplacedBy  string
}

// Change is one written version, as the same-transaction effects see it.
type Change struct {
	Before   *Citizen // nil when the citizen was created
	After    Citizen
	Previous map[string]any // the changed fields' earlier values
	Meta     ChangeMeta
}

// Created reports a new citizen.
func (c Change) Created() bool { return c.Before == nil }

// ChangeHook is an effect of every change that other capabilities own and
// that must commit with it: quality findings, change events for agencies.
// It runs inside the change's transaction.
type ChangeHook interface {
	OnChange(ctx context.Context, ch Change) error
}
