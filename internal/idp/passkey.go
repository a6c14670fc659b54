package idp

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"errors"

	"dancu/internal/apperr"
)

// Passkeys is what the provider needs from citizens' accounts
// (internal/eid) to log in with a passkey: the WebAuthn ceremonies. A
// ticket (SecondFactorRequired's) makes the passkey the second step after
// the password; without one the login is passwordless, with a
// discoverable passkey, which the accounts allow a level-2 account only.
type Passkeys interface {
	BeginPasskeyLogin(ctx context.Context, ticket string) (PasskeyCeremony, error)
	FinishPasskeyLogin(ctx context.Context, ceremonyID string, response []byte) (Principal, error)
}

// PasskeyCeremony is a begun passkey login: the options for the
// browser's navigator.credentials.get, and the ceremony's id.
type PasskeyCeremony struct {
	ID      string          `json:"ceremony_id"`
	Options json.RawMessage `json:"options"`
}

// SecondFactorRequired is the error Accounts.Authenticate returns when
// the password was right and the account asks a passkey as well.
type SecondFactorRequired struct{ Ticket string }

func (e *SecondFactorRequired) Error() string { return "a passkey is required after the password" }

// ErrPasskeyNeeded is Login's answer to a right password on an account
// that asks its passkey next: the login page asks for it (BeginPasskey).
var ErrPasskeyNeeded = &apperr.Error{Code: apperr.Unauthenticated, Message: "confirm with your passkey",
	Err: errors.New("idp: passkey needed after the password")}

// ticketUsed marks a request whose second-factor ticket began its
// ceremony: starting again must not fall back to a passwordless login.
const ticketUsed = "used"

// PasskeysOffered reports whether this provider logs in with passkeys.
func (s *Service) PasskeysOffered() bool { return s.cfg.Passkeys != nil }

// BeginPasskey starts the passkey step of request reqID: the second
// factor when its password asked for one, else a passwordless login.
// The second-factor ticket is used up here: a cancelled ceremony means
// entering the password again.
func (s *Service) BeginPasskey(ctx context.Context, reqID string) (PasskeyCeremony, error) {
	if s.cfg.Passkeys == nil {
		return PasskeyCeremony{}, apperr.New(apperr.NotFound, "passkeys are not enabled on this server")
	}
	r, ok := s.Request(reqID)
	if !ok {
		return PasskeyCeremony{}, refuse(ErrInvalidRequest, "the login request expired; start again from the service")
	}
	if r.SecondFactor == ticketUsed {
		return PasskeyCeremony{}, apperr.New(apperr.Unauthenticated, "the passkey step was already started; enter your password again")
	}
	c, err := s.cfg.Passkeys.BeginPasskeyLogin(ctx, r.SecondFactor)
	if err != nil {
		return PasskeyCeremony{}, err
	}
	s.pending.updateRequest(r.ID, s.cfg.Now(), func(x *AuthRequest) {
		if x.SecondFactor != "" {
			x.SecondFactor = ticketUsed
		}
		x.Ceremony = c.ID
	})
	return c, nil
}

// LoginWithPasskey finishes the passkey ceremony request reqID began and
// opens a browser session, as Login does after a password. A passkey the
// accounts refuse (unknown, or alone on a level-1 account) is an apperr
// the page shows; an unusable account or a level under the request's acr
// is an *Error for the redirect_uri.
func (s *Service) LoginWithPasskey(ctx context.Context, reqID, ceremonyID string, response []byte) (Session, error) {
	r, ok := s.Request(reqID)
	if !ok || s.cfg.Passkeys == nil {
		return Session{}, refuse(ErrInvalidRequest, "the login request expired; start again from the service")
	}
	if r.Ceremony == "" || subtle.ConstantTimeCompare([]byte(r.Ceremony), []byte(ceremonyID)) != 1 {
		return Session{}, apperr.New(apperr.Unauthenticated, "this passkey answer belongs to another login; start again")
	}
	s.pending.updateRequest(r.ID, s.cfg.Now(), func(x *AuthRequest) { x.Ceremony = "" })
	p, err := s.cfg.Passkeys.FinishPasskeyLogin(ctx, ceremonyID, response)
	if errors.Is(err, ErrAccountUnusable) {
		return Session{}, refuse(ErrAccessDenied, "this VNeID account is suspended or revoked")
	}
	if err != nil {
		return Session{}, err
	}
	return s.open(ctx, r, p)
}
