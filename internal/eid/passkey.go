package eid

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/go-webauthn/webauthn/protocol"
	"github.com/go-webauthn/webauthn/webauthn"

	"dancu/internal/apperr"
)

// PasskeyConfig is the WebAuthn relying party: its id (the site's domain,
// e.g. "localhost") and the origins the browser may report.
type PasskeyConfig struct {
	RPID          string
	RPDisplayName string
	Origins       []string
}

// ceremonyTTL is how long a begun ceremony waits for its finish.
const ceremonyTTL = 5 * time.Minute

// Kinds of ceremonies.
const (
	ceremonyRegister     = "passkey.register"
	ceremonyLogin        = "passkey.login"         // passwordless (level 2)
	ceremonySecondFactor = "passkey.second_factor" // after the password
)

type webauthnRP struct{ w *webauthn.WebAuthn }

func newWebauthnRP(c PasskeyConfig) (*webauthnRP, error) {
	name := c.RPDisplayName
	if name == "" {
		name = "VNeID"
	}
	w, err := webauthn.New(&webauthn.Config{RPID: c.RPID, RPDisplayName: name, RPOrigins: c.Origins})
	if err != nil {
		return nil, fmt.Errorf("eid: passkeys: %w", err)
	}
	return &webauthnRP{w: w}, nil
}

// waUser is an account as WebAuthn sees it. The user handle is the
// account id: opaque, never the ID number.
type waUser struct {
	acc   Account
	creds []webauthn.Credential
}

func (u waUser) WebAuthnID() []byte                         { return []byte(u.acc.ID) }
func (u waUser) WebAuthnName() string                       { return u.acc.ID }
func (u waUser) WebAuthnDisplayName() string                { return "VNeID" }
func (u waUser) WebAuthnCredentials() []webauthn.Credential { return u.creds }

// PasskeysEnabled reports whether this server has a WebAuthn relying
// party configured.
func (s *Service) PasskeysEnabled() bool { return s.webauthn != nil }

func (s *Service) rp() (*webauthn.WebAuthn, error) {
	if s.webauthn == nil {
		return nil, apperr.New(apperr.NotFound, "passkeys are not enabled on this server")
	}
	return s.webauthn.w, nil
}

func (s *Service) waUser(ctx context.Context, acc Account) (waUser, error) {
	keys, err := s.cfg.Store.Passkeys(ctx, acc.ID)
	if err != nil {
		return waUser{}, err
	}
	u := waUser{acc: acc}
	for _, k := range keys {
		var c webauthn.Credential
		if err := json.Unmarshal(k.Data, &c); err != nil {
			return waUser{}, apperr.Wrap(err, "decode passkey %s", k.ID)
		}
		u.creds = append(u.creds, c)
	}
	return u, nil
}

// Ceremony answers carry the options for navigator.credentials and the
// id the finish call returns with the browser's response.
type CeremonyStart struct {
	CeremonyID string          `json:"ceremony_id"`
	Options    json.RawMessage `json:"options"`
}

// BeginPasskeyRegistration starts registering a passkey for a citizen
// who logged in within RecentLogin (else ErrLoginTooOld).
func (s *Service) BeginPasskeyRegistration(ctx context.Context, p Principal) (CeremonyStart, error) {
	w, err := s.rp()
	if err != nil {
		return CeremonyStart{}, err
	}
	acc, err := s.usable(ctx, p)
	if err != nil {
		return CeremonyStart{}, err
	}
	if err := s.requireRecentLogin(ctx, p, ActionPasskey); err != nil {
		return CeremonyStart{}, err
	}
	u, err := s.waUser(ctx, acc)
	if err != nil {
		return CeremonyStart{}, err
	}
	opts, session, err := w.BeginRegistration(u,
		webauthn.WithResidentKeyRequirement(protocol.ResidentKeyRequirementRequired),
		webauthn.WithExclusions(webauthn.Credentials(u.creds).CredentialDescriptors()))
	if err != nil {
		return CeremonyStart{}, apperr.Wrap(err, "begin passkey registration")
	}
	return s.startCeremony(ctx, acc.ID, ceremonyRegister, opts, session)
}

// FinishPasskeyRegistration checks the browser's attestation and stores
// the passkey under a name the citizen chose; the login must still be
// recent (RecentLogin).
func (s *Service) FinishPasskeyRegistration(ctx context.Context, p Principal, ceremonyID string, response []byte, name string) (Passkey, error) {
	if _, err := s.usable(ctx, p); err != nil {
		return Passkey{}, err
	}
	if err := s.requireRecentLogin(ctx, p, ActionPasskey); err != nil {
		return Passkey{}, err
	}
	return s.finishRegistration(ctx, ceremonyID, p.AccountID, response, name)
}

// FinishPasskeyRegistrationCeremony is FinishPasskeyRegistration for a
// caller that holds only the ceremony id, which BeginPasskeyRegistration
// gave the account that authenticated (an unguessable, single-use,
// five-minute id). The begin checked that login's age, so the passkey
// is stored at most RecentLogin+ceremonyTTL after a login.
func (s *Service) FinishPasskeyRegistrationCeremony(ctx context.Context, ceremonyID string, response []byte, name string) (Passkey, error) {
	return s.finishRegistration(ctx, ceremonyID, "", response, name)
}

func (s *Service) finishRegistration(ctx context.Context, ceremonyID, accountID string, response []byte, name string) (Passkey, error) {
	w, err := s.rp()
	if err != nil {
		return Passkey{}, err
	}
	c, err := s.cfg.Store.TakeCeremony(ctx, ceremonyID)
	if err != nil || c.Kind != ceremonyRegister || (accountID != "" && c.AccountID != accountID) || !s.cfg.Now().Before(c.ExpiresAt) {
		return Passkey{}, apperr.New(apperr.Invalid, "the passkey ceremony has expired; start again")
	}
	var session webauthn.SessionData
	if err := json.Unmarshal(c.Data, &session); err != nil {
		return Passkey{}, apperr.Wrap(err, "decode ceremony")
	}
	stored, err := s.cfg.Store.Account(ctx, c.AccountID)
	if err != nil {
		return Passkey{}, err
	}
	if err := statusError(stored.Account); err != nil {
		return Passkey{}, err
	}
	acc := stored.Account
	u, err := s.waUser(ctx, acc)
	if err != nil {
		return Passkey{}, err
	}
	parsed, err := protocol.ParseCredentialCreationResponseBytes(response)
	if err != nil {
		return Passkey{}, passkeyRefused(err)
	}
	cred, err := w.CreateCredential(u, session, parsed)
	if err != nil {
		return Passkey{}, passkeyRefused(err)
	}
	data, err := json.Marshal(cred)
	if err != nil {
		return Passkey{}, apperr.Wrap(err, "encode passkey")
	}
	k := Passkey{ID: base64.RawURLEncoding.EncodeToString(cred.ID), AccountID: acc.ID, Name: cleanLabel(name), Data: data, CreatedAt: s.cfg.Now()}
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.PutPasskey(ctx, k); err != nil {
			return err
		}
		if err := s.secondFactorFollowsPasskeys(ctx, acc.ID); err != nil {
			return err
		}
		return s.record(ctx, citizenTrail(acc.ID, "eid.passkey"), ActionPasskey, acc.CitizenID, "registered", "passkey:"+k.Name)
	})
	return k, err
}

// Passkeys lists a citizen's passkeys.
func (s *Service) Passkeys(ctx context.Context, p Principal) ([]Passkey, error) {
	return s.cfg.Store.Passkeys(ctx, p.AccountID)
}

// RemovePasskey deletes one of a citizen's passkeys, on a recent login
// (RecentLogin): removing the owner's passkey is half of a takeover.
func (s *Service) RemovePasskey(ctx context.Context, p Principal, id string) error {
	if err := s.requireRecentLogin(ctx, p, ActionPasskey); err != nil {
		return err
	}
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.DeletePasskey(ctx, p.AccountID, id); err != nil {
			return err
		}
		if err := s.secondFactorFollowsPasskeys(ctx, p.AccountID); err != nil {
			return err
		}
		return s.record(ctx, citizenTrail(p.AccountID, "eid.passkey"), ActionPasskey, p.CitizenID, "removed")
	})
}

// secondFactorFollowsPasskeys asks the passkey after the password once
// an account has one, as a citizen who registers a passkey expects, and
// stops asking when the last one is removed (a password login would
// otherwise wait for a passkey that no longer exists). Inside the
// caller's transaction; the caller audits the change it made.
func (s *Service) secondFactorFollowsPasskeys(ctx context.Context, accountID string) error {
	a, err := s.cfg.Store.Account(ctx, accountID)
	if err != nil {
		return err
	}
	keys, err := s.cfg.Store.Passkeys(ctx, accountID)
	if err != nil {
		return err
	}
	if on := len(keys) > 0; a.SecondFactor != on {
		a.SecondFactor = on
		a.Version++
		a.UpdatedAt = s.cfg.Now()
		return s.cfg.Store.UpdateAccount(ctx, a)
	}
	return nil
}

// SetSecondFactor turns the passkey-after-password requirement on or off
// (on needs a registered passkey), on a recent login (RecentLogin): off
// would let a password alone in again.
func (s *Service) SetSecondFactor(ctx context.Context, p Principal, on bool) (Account, error) {
	if err := s.requireRecentLogin(ctx, p, ActionPasskey); err != nil {
		return Account{}, err
	}
	var out Account
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.cfg.Store.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		if on {
			keys, err := s.cfg.Store.Passkeys(ctx, cur.ID)
			if err != nil {
				return err
			}
			if len(keys) == 0 {
				return apperr.New(apperr.Conflict, "register a passkey first")
			}
		}
		out, err = s.apply(ctx, cur, citizenTrail(cur.ID, "eid.passkey"), ActionPasskey, func(a *StoredAccount) error {
			a.SecondFactor = on
			return nil
		})
		return err
	})
	return out, err
}

func (s *Service) startCeremony(ctx context.Context, accountID, kind string, opts any, session *webauthn.SessionData) (CeremonyStart, error) {
	o, err := json.Marshal(opts)
	if err != nil {
		return CeremonyStart{}, apperr.Wrap(err, "encode options")
	}
	d, err := json.Marshal(session)
	if err != nil {
		return CeremonyStart{}, apperr.Wrap(err, "encode session")
	}
	c := Ceremony{ID: ceremonyID(), AccountID: accountID, Kind: kind, Data: d, ExpiresAt: s.cfg.Now().Add(ceremonyTTL)}
	if err := s.cfg.Store.PutCeremony(ctx, c); err != nil {
		return CeremonyStart{}, err
	}
	return CeremonyStart{CeremonyID: c.ID, Options: o}, nil
}

// usable returns the principal's account if it is active.
func (s *Service) usable(ctx context.Context, p Principal) (Account, error) {
	a, err := s.cfg.Store.Account(ctx, p.AccountID)
	if err != nil {
		return Account{}, err
	}
	if a.CitizenID != p.CitizenID {
		return Account{}, apperr.New(apperr.Unauthenticated, "log in again")
	}
	if err := statusError(a.Account); err != nil {
		return Account{}, err
	}
	return a.Account, nil
}

func passkeyRefused(err error) error {
	return &apperr.Error{Code: apperr.Unauthenticated, Message: "the passkey could not be verified", Err: err}
}

// ceremonyID is a random, unguessable id: holding it is what lets the
// finish call (and a second-factor ticket) act for the account.
func ceremonyID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
