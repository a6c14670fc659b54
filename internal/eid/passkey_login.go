package eid

import (
	"context"
	"encoding/base64"
	"encoding/json"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"dancu/internal/apperr"
)

// BeginPasskeyLogin starts a passkey login. With a second-factor ticket
// (from Authenticate's ErrSecondFactor) it is the second step after the
// password; without one it is a passwordless login with a discoverable
// passkey, which only a level-2 account may use.
func (s *Service) BeginPasskeyLogin(ctx context.Context, ticket string) (CeremonyStart, error) {
	w, err := s.rp()
	if err != nil {
		return CeremonyStart{}, err
	}
	if ticket == "" {
		opts, session, err := w.BeginDiscoverableLogin(webauthn.WithUserVerification(protocol.VerificationRequired))
		if err != nil {
			return CeremonyStart{}, apperr.Wrap(err, "begin passkey login")
		}
		return s.startCeremony(ctx, "", ceremonyLogin, opts, session)
	}
	t, err := s.cfg.Store.TakeCeremony(ctx, ticket)
	if err != nil || t.Kind != ceremonySecondFactor || !s.cfg.Now().Before(t.ExpiresAt) {
		return CeremonyStart{}, apperr.New(apperr.Unauthenticated, "the login has expired; enter your password again")
	}
	acc, err := s.cfg.Store.Account(ctx, t.AccountID)
	if err != nil {
		return CeremonyStart{}, err
	}
	u, err := s.waUser(ctx, acc.Account)
	if err != nil {
		return CeremonyStart{}, err
	}
	opts, session, err := w.BeginLogin(u)
	if err != nil {
		return CeremonyStart{}, apperr.Wrap(err, "begin passkey login")
	}
	return s.startCeremony(ctx, acc.ID, ceremonySecondFactor, opts, session)
}

// FinishPasskeyLogin checks the browser's assertion and logs the citizen
// in: "pwd" and "hwk" after a password, "hwk" alone for a passwordless
// level-2 login.
func (s *Service) FinishPasskeyLogin(ctx context.Context, ceremonyID string, response []byte, device string) (Principal, error) {
	w, err := s.rp()
	if err != nil {
		return Principal{}, err
	}
	c, err := s.cfg.Store.TakeCeremony(ctx, ceremonyID)
	if err != nil || (c.Kind != ceremonyLogin && c.Kind != ceremonySecondFactor) || !s.cfg.Now().Before(c.ExpiresAt) {
		return Principal{}, apperr.New(apperr.Unauthenticated, "the passkey login has expired; start again")
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(c.Data, &session); err != nil {
		return Principal{}, apperr.Wrap(err, "decode ceremony")
	}
	parsed, err := protocol.ParseCredentialRequestResponseBytes(response)
	if err != nil {
		return Principal{}, passkeyRefused(err)
	}
	var acc StoredAccount
	var cred *webauthn.Credential
	if c.Kind == ceremonySecondFactor {
		if acc, err = s.cfg.Store.Account(ctx, c.AccountID); err != nil {
			return Principal{}, err
		}
		u, err := s.waUser(ctx, acc.Account)
		if err != nil {
			return Principal{}, err
		}
		if cred, err = w.ValidateLogin(u, session, parsed); err != nil {
			return Principal{}, passkeyRefused(err)
		}
	} else {
		handler := func(rawID, userHandle []byte) (webauthn.User, error) {
			a, err := s.cfg.Store.Account(ctx, string(userHandle))
			if err != nil {
				return nil, err
			}
			acc = a
			return s.waUser(ctx, a.Account)
		}
		if _, cred, err = w.ValidatePasskeyLogin(handler, session, parsed); err != nil {
			return Principal{}, passkeyRefused(err)
		}
	}
	if err := statusError(acc.Account); err != nil {
		return Principal{}, err
	}
	methods := []string{MethodPassword, MethodPasskey}
	if c.Kind == ceremonyLogin {
		if acc.Level < Level2 {
			return Principal{}, apperr.New(apperr.Forbidden, "a passkey alone logs in only a level-2 account; enter your password")
		}
		methods = []string{MethodPasskey}
	}
	if err := s.updateSignCount(ctx, acc.ID, cred); err != nil {
		return Principal{}, err
	}
	return s.loggedIn(ctx, acc.Account, device, citizenTrail(acc.ID, "eid.login"), methods...)
}

// updateSignCount stores the authenticator's new counter and last use.
func (s *Service) updateSignCount(ctx context.Context, accountID string, cred *webauthn.Credential) error {
	id := base64.RawURLEncoding.EncodeToString(cred.ID)
	k, err := s.cfg.Store.PasskeyByID(ctx, id)
	if err != nil {
		return err
	}
	if k.AccountID != accountID {
		return apperr.New(apperr.Unauthenticated, "unknown passkey")
	}
	if cred.Authenticator.CloneWarning {
		return apperr.New(apperr.Unauthenticated, "this passkey's counter went backwards (a cloned authenticator?); use another")
	}
	data, err := json.Marshal(cred)
	if err != nil {
		return apperr.Wrap(err, "encode passkey")
	}
	now := s.cfg.Now()
	k.Data, k.LastUsedAt = data, &now
	return s.cfg.Store.PutPasskey(ctx, k)
}

// askSecondFactor opens a short-lived ticket for the passkey step.
func (s *Service) askSecondFactor(ctx context.Context, a Account) error {
	t := Ceremony{ID: ceremonyID(), AccountID: a.ID, Kind: ceremonySecondFactor, ExpiresAt: s.cfg.Now().Add(ceremonyTTL)}
	if err := s.cfg.Store.PutCeremony(ctx, t); err != nil {
		return err
	}
	return &apperr.Error{Code: apperr.Unauthenticated, Message: "confirm with your passkey", Err: &SecondFactorRequired{Ticket: t.ID}}
}

// SecondFactorRequired is the cause of Authenticate's error when the
// password was right and a passkey must follow: Ticket starts
// BeginPasskeyLogin. errors.Is(err, ErrSecondFactor) holds.
type SecondFactorRequired struct{ Ticket string }

func (e *SecondFactorRequired) Error() string        { return ErrSecondFactor.Error() }
func (e *SecondFactorRequired) Is(target error) bool { return target == ErrSecondFactor }
