package eid

import (
	"context"
	"time"

	"dancu/internal/registry"
)

// StoredAccount is an account as storage keeps it: with the password
// hash, which never leaves this package.
type StoredAccount struct {
	Account
	PasswordHash string // empty: no password (passkey only, or not set yet)
}

// Store keeps accounts and what hangs off them. Reads of a missing row
// return apperr.NotFound; a duplicate citizen, phone or e-mail
// apperr.Conflict. Every method joins the transaction ctx carries.
type Store interface {
	CreateAccount(ctx context.Context, a StoredAccount) error
	Account(ctx context.Context, id string) (StoredAccount, error)
	AccountByCitizen(ctx context.Context, citizenID string) (StoredAccount, error)
	// AccountByContact finds the account with that phone or e-mail.
	AccountByContact(ctx context.Context, phone, email string) (StoredAccount, error)
	// UpdateAccount stores a, which must still be at version
	// a.Version-1 (else Conflict).
	UpdateAccount(ctx context.Context, a StoredAccount) error
	// AccountsByGuardian lists the accounts a guardian acts for.
	AccountsByGuardian(ctx context.Context, guardianID string) ([]Account, error)

	PutCode(ctx context.Context, c Code) error
	// Code returns the live code of an account for a purpose.
	Code(ctx context.Context, accountID, purpose string) (Code, error)
	DeleteCode(ctx context.Context, accountID, purpose string) error

	PutEnrolment(ctx context.Context, e Enrolment) error
	Enrolments(ctx context.Context, citizenID string) ([]Enrolment, error)

	TouchDevice(ctx context.Context, d Device) error
	Devices(ctx context.Context, accountID string) ([]Device, error)
	DeleteDevice(ctx context.Context, accountID, deviceID string) error

	PutPasskey(ctx context.Context, p Passkey) error
	Passkeys(ctx context.Context, accountID string) ([]Passkey, error)
	PasskeyByID(ctx context.Context, credentialID string) (Passkey, error)
	DeletePasskey(ctx context.Context, accountID, credentialID string) error

	PutCeremony(ctx context.Context, c Ceremony) error
	// TakeCeremony reads and deletes a ceremony (one use only).
	TakeCeremony(ctx context.Context, id string) (Ceremony, error)

	// ActivationCounts counts, per unit, the citizens eligible on day and
	// those with an active account at level 1 and at level 2.
	ActivationCounts(ctx context.Context, q StatsQuery) ([]UnitCounts, error)
}

// Registry is what the service reads of the register.
type Registry interface {
	Citizen(ctx context.Context, id string) (registry.Citizen, error)
	CitizenByIDNumber(ctx context.Context, number string) (registry.Citizen, error)
}

// Transactor runs a change in one transaction; sqlstore.DB implements it.
type Transactor interface {
	InTx(ctx context.Context, fn func(ctx context.Context) error) error
}

// Code is a one-time code as stored: its hash, never the code.
type Code struct {
	AccountID string
	Purpose   string // PurposeActivate, PurposeRecover, PurposeContact
	Hash      string
	ExpiresAt time.Time
	Attempts  int
	CreatedAt time.Time
}

// Purposes of one-time codes.
const (
	PurposeActivate = "activate"
	PurposeRecover  = "recover"
)

// Device is one device an account logged in from.
type Device struct {
	ID        string    `json:"id"`
	AccountID string    `json:"-"`
	Label     string    `json:"label"`
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
}

// Passkey is one registered WebAuthn credential; Data is the library's
// credential record, encoded by the service.
type Passkey struct {
	ID         string     `json:"id"` // credential id, base64url
	AccountID  string     `json:"-"`
	Name       string     `json:"name"`
	Data       []byte     `json:"-"`
	CreatedAt  time.Time  `json:"created_at"`
	LastUsedAt *time.Time `json:"last_used_at,omitempty"`
}

// Ceremony is the server state between a begin and a finish call
// (WebAuthn session data, a second-factor ticket), used once.
type Ceremony struct {
	ID        string
	AccountID string
	Kind      string
	Data      []byte
	ExpiresAt time.Time
}
