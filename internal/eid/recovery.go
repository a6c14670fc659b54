package eid

import (
	"context"
	"strings"

	"dancu/internal/apperr"
)

// StartRecovery sends a recovery code to the contact of the active
// account an identifier names. It answers the same whether or not there
// is one, so the form cannot tell who holds an account.
func (s *Service) StartRecovery(ctx context.Context, identifier string) error {
	acc, found, err := s.lookup(ctx, identifier)
	if err != nil || !found || acc.Status != Active || (acc.Phone == "" && acc.Email == "") {
		return err
	}
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		return s.issueCode(ctx, acc.Account, PurposeRecover, acc.Phone, acc.Email, codeTTL)
	})
}

// Recover sets a new password with a recovery code. Devices stay listed
// for the citizen to review; passkeys stay registered.
func (s *Service) Recover(ctx context.Context, identifier, code, password string) error {
	acc, found, err := s.lookup(ctx, identifier)
	if err != nil {
		return err
	}
	if !found || acc.Status != Active {
		return apperr.New(apperr.Invalid, "no recovery is waiting under this identifier")
	}
	hash, err := s.cfg.Hasher.Hash(ctx, password, s.cfg.Params)
	if err != nil {
		return passwordRefused(err)
	}
	return s.withCode(ctx, acc.ID, PurposeRecover, strings.TrimSpace(code), func(ctx context.Context) error {
		cur, err := s.cfg.Store.Account(ctx, acc.ID)
		if err != nil {
			return err
		}
		_, err = s.apply(ctx, cur, citizenTrail(cur.ID, "eid.recover"), ActionRecover, func(a *StoredAccount) error {
			if a.Status != Active {
				return apperr.New(apperr.Conflict, "the account is %s", a.Status)
			}
			a.PasswordHash = hash
			return nil
		})
		return err
	})
}

// ChangePassword replaces the password of a logged-in citizen, who
// proves it with the current one. That proof is itself a fresh
// authentication, so the RecentLogin bound on the session's login (which
// guards the passkeys) would add nothing here: whoever holds an old
// session without the password cannot pass it.
func (s *Service) ChangePassword(ctx context.Context, p Principal, current, next string) error {
	acc, err := s.cfg.Store.Account(ctx, p.AccountID)
	if err != nil {
		return err
	}
	ok, err := s.cfg.Hasher.Verify(ctx, current, nonEmptyHash(acc.PasswordHash, s.dummy))
	if err != nil {
		return apperr.Wrap(err, "verify password")
	}
	if !ok || acc.PasswordHash == "" {
		return errWrongCredentials()
	}
	hash, err := s.cfg.Hasher.Hash(ctx, next, s.cfg.Params)
	if err != nil {
		return passwordRefused(err)
	}
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		cur, err := s.cfg.Store.Account(ctx, p.AccountID)
		if err != nil {
			return err
		}
		_, err = s.apply(ctx, cur, citizenTrail(cur.ID, "eid.password"), ActionPassword, func(a *StoredAccount) error {
			if a.Status != Active {
				return statusError(a.Account)
			}
			a.PasswordHash = hash
			return nil
		})
		return err
	})
}

func nonEmptyHash(h, dummy string) string {
	if h == "" {
		return dummy
	}
	return h
}
