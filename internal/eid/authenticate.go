package eid

import (
	"context"
	"errors"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// Audited actions of accounts.
const (
	ActionLogin        = "eid.login"
	ActionEnrol        = "eid.enrol"
	ActionActivate     = "eid.activate"
	ActionLevelChange  = "eid.level_change"
	ActionSuspend      = "eid.suspend"
	ActionReinstate    = "eid.reinstate"
	ActionRevoke       = "eid.revoke"
	ActionRecover      = "eid.recover"
	ActionPassword     = "eid.password"
	ActionPasskey      = "eid.passkey"
	ActionDevice       = "eid.device"
	ActionFaceMatch    = "eid.face_match"
	ActionVerifyInDesk = "eid.desk_verify"
)

// Authenticate checks a citizen's identifier and password. Wrong
// credentials, a suspended or revoked account and one not yet activated
// are told apart (see ErrWrongCredentials) only once the password is
// right, so a guess learns nothing about an account. An unknown
// identifier costs the same argon2id work as a known one. Every attempt on
// a known account is audited and shows in the citizen's data tracker.
func (s *Service) Authenticate(ctx context.Context, cr Credentials) (Principal, error) {
	now := s.cfg.Now()
	keys := []string{"id:" + strings.ToLower(strings.TrimSpace(cr.Identifier))}
	if cr.ClientIP != "" {
		keys = append(keys, "ip:"+cr.ClientIP)
	}
	for _, k := range keys {
		wait, err := s.failures.RetryAfter(ctx, k, now)
		if err != nil {
			return Principal{}, apperr.Wrap(err, "read failed logins")
		}
		if wait > 0 {
			s.cfg.Watch.Refused(auth.ChannelCitizen)
			return Principal{}, &apperr.Error{Code: apperr.RateLimited, Message: "too many failed logins; try again later",
				Err: &auth.RetryAfterError{Wait: wait}}
		}
	}
	acc, found, err := s.lookup(ctx, cr.Identifier)
	if err != nil {
		return Principal{}, err
	}
	hash := acc.PasswordHash
	if !found || hash == "" {
		hash = s.dummy
	}
	ok, err := s.cfg.Hasher.Verify(ctx, cr.Password, hash)
	if err != nil {
		if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			return Principal{}, apperr.Wrap(err, "login interrupted")
		}
		return Principal{}, apperr.Wrap(err, "stored password hash of account %s is unreadable", acc.ID)
	}
	if !ok || !found || acc.PasswordHash == "" {
		s.cfg.Watch.LoginFailed(auth.ChannelCitizen)
		for _, k := range keys {
			if err := s.failures.Fail(ctx, k, now); err != nil {
				return Principal{}, apperr.Wrap(err, "count a failed login")
			}
		}
		if found {
			if err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
				return s.record(ctx, loginTrail(acc, cr), ActionLogin, acc.CitizenID, "denied", MethodPassword)
			}); err != nil {
				return Principal{}, err
			}
		}
		return Principal{}, errWrongCredentials()
	}
	if err := s.failures.Reset(ctx, keys[0]); err != nil {
		return Principal{}, apperr.Wrap(err, "clear failed logins")
	}
	if err := statusError(acc.Account); err != nil {
		return Principal{}, err
	}
	if acc.SecondFactor {
		return Principal{}, s.askSecondFactor(ctx, acc.Account)
	}
	return s.loggedIn(ctx, acc.Account, cr.Device, loginTrail(acc, cr), MethodPassword)
}

// loggedIn records a successful login: the device and the audit entry.
func (s *Service) loggedIn(ctx context.Context, a Account, device string, trail audit.Entry, methods ...string) (Principal, error) {
	now := s.cfg.Now()
	p := Principal{AccountID: a.ID, CitizenID: a.CitizenID, Level: a.Level, AuthTime: now, Methods: methods}
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if device != "" {
			if err := s.cfg.Store.TouchDevice(ctx, Device{ID: DeviceID(a.ID, device), AccountID: a.ID,
				Label: cleanLabel(device), FirstSeen: now, LastSeen: now}); err != nil {
				return err
			}
		}
		trail.Time = now
		return s.record(ctx, trail, ActionLogin, a.CitizenID, "ok", methods...)
	})
	if err != nil {
		return Principal{}, err
	}
	return p, nil
}

func loginTrail(a StoredAccount, cr Credentials) audit.Entry {
	t := citizenTrail(a.ID, "eid.login")
	t.Purpose = "đăng nhập tài khoản định danh điện tử"
	return t
}

// lookup finds the account an identifier names; found is false for an
// unknown or malformed identifier (answered like a wrong password).
func (s *Service) lookup(ctx context.Context, identifier string) (StoredAccount, bool, error) {
	id, err := ParseIdentifier(identifier)
	if err != nil {
		return StoredAccount{}, false, nil
	}
	var acc StoredAccount
	switch {
	case id.IDNumber != "":
		c, cerr := s.cfg.Registry.CitizenByIDNumber(ctx, id.IDNumber)
		if cerr != nil {
			err = cerr
			break
		}
		acc, err = s.cfg.Store.AccountByCitizen(ctx, c.ID)
	default:
		acc, err = s.cfg.Store.AccountByContact(ctx, id.Phone, id.Email)
	}
	if apperr.Is(err, apperr.NotFound) {
		return StoredAccount{}, false, nil
	}
	if err != nil {
		return StoredAccount{}, false, err
	}
	return acc, true, nil
}
