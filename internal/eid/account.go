package eid

import (
	"errors"
	"time"

	"dancu/internal/apperr"
)

// Levels of assurance (NĐ 69/2024): level 1 is self-service, level 2 is
// verified in person (or issued with the card) and gives every feature,
// among them the căn cước điện tử.
const (
	Level1 = 1
	Level2 = 2
)

// Status is an account's state.
type Status string

const (
	// Pending accounts are enrolled and wait for their one-time code.
	Pending Status = "pending"
	Active  Status = "active"
	// Suspended accounts cannot log in until an officer reinstates them.
	Suspended Status = "suspended"
	// Revoked is final: the citizen died, was merged into another record,
	// or the account was withdrawn. A new enrolment starts over.
	Revoked Status = "revoked"
)

// Account is one citizen's VNeID account. One citizen has at most one.
type Account struct {
	ID        string `json:"id"`
	CitizenID string `json:"citizen_id"`
	Level     int    `json:"level"`
	Status    Status `json:"status"`
	// StatusReason says why an account was suspended or revoked.
	StatusReason string `json:"status_reason,omitempty"`
	// Phone and Email are the contact the codes go to and identifiers
	// the citizen may log in with (normalised: +84…, lower case).
	Phone string `json:"phone,omitempty"`
	Email string `json:"email,omitempty"`
	// GuardianID is the citizen id of the parent or guardian who acts for
	// a minor under 14 (NĐ 69/2024); empty for an adult.
	GuardianID string `json:"guardian_id,omitempty"`
	// HasPassword is false for an account issued at the desk or with the
	// card until its activation sets one.
	HasPassword bool `json:"has_password"`
	// SecondFactor asks a passkey after the password.
	SecondFactor bool       `json:"second_factor"`
	CreatedAt    time.Time  `json:"created_at"`
	UpdatedAt    time.Time  `json:"updated_at"`
	ActivatedAt  *time.Time `json:"activated_at,omitempty"`
	// Version guards concurrent changes (optimistic locking).
	Version int `json:"version"`
}

// Usable reports an active account.
func (a Account) Usable() bool { return a.Status == Active }

// Credentials are what a citizen types on a login page: an identifier (the
// 12-digit ID number, a phone number or an e-mail address) and a password.
type Credentials struct {
	Identifier string
	Password   string
	// Device optionally names the device logging in ("Chrome on
	// Android"); a login records it in the account's device list.
	Device string
	// ClientIP keys the failed-login limiter; empty skips that key.
	ClientIP string
}

// Principal is a successful login: who, at which level, when and how
// (amr values of RFC 8176: "pwd" password, "hwk" passkey).
type Principal struct {
	AccountID string
	CitizenID string
	Level     int
	AuthTime  time.Time
	Methods   []string
}

// Authentication method references (RFC 8176).
const (
	MethodPassword = "pwd"
	MethodPasskey  = "hwk"
)

// The causes inside Authenticate's errors; errors.Is tells them apart,
// and each sits in an apperr.Error with its own code:
// ErrWrongCredentials Unauthenticated, ErrSuspended and ErrRevoked
// Forbidden, ErrNotActivated Conflict, ErrSecondFactor Unauthenticated.
// Only a correct password learns an account's state.
var (
	ErrWrongCredentials = errors.New("eid: wrong identifier or password")
	ErrSuspended        = errors.New("eid: account suspended")
	ErrRevoked          = errors.New("eid: account revoked")
	ErrNotActivated     = errors.New("eid: account not activated")
	ErrSecondFactor     = errors.New("eid: a passkey is required as second factor")
)

func errWrongCredentials() error {
	return &apperr.Error{Code: apperr.Unauthenticated, Message: "wrong identifier or password", Err: ErrWrongCredentials}
}

// statusError is the refusal of a correct password on an unusable account.
func statusError(a Account) error {
	switch a.Status {
	case Pending:
		return &apperr.Error{Code: apperr.Conflict, Message: "the account is not activated yet: enter the one-time code sent to you", Err: ErrNotActivated}
	case Suspended:
		return &apperr.Error{Code: apperr.Forbidden, Message: "the account is suspended; contact the commune police", Err: ErrSuspended}
	case Revoked:
		return &apperr.Error{Code: apperr.Forbidden, Message: "the account has been revoked", Err: ErrRevoked}
	}
	return nil
}
