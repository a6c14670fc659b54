package eid

import (
	"context"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// AccountHook is told that a citizen's account was withdrawn: suspended,
// revoked, or lowered below level 2. Credentials resting on the account
// (the căn cước điện tử, relying parties' sessions) stop with it. Hooks
// run inside the change's transaction: an error rolls the change back.
type AccountHook interface {
	AccountWithdrawn(ctx context.Context, citizenID string) error
}

// Level2Hook is told that a citizen's account became a usable level-2
// account: activated, raised at the desk or at a card's hand-over, or
// reinstated. What a level-2 account carries (the căn cước điện tử) starts
// with it. It runs inside the change's transaction, as AccountHook does.
type Level2Hook interface {
	Level2Granted(ctx context.Context, citizenID string) error
}

// maxReason bounds a suspension's or revocation's reason.
const maxReason = 500

func checkReason(reason string) (string, error) {
	reason = strings.TrimSpace(reason)
	if reason == "" || utf8.RuneCountInString(reason) > maxReason || !utf8.ValidString(reason) {
		return "", apperr.New(apperr.Invalid, "give a reason (at most %d characters)", maxReason)
	}
	return reason, nil
}

// Suspend stops an account until an officer reinstates it. The officer
// must cover the citizen's current permanent residence.
func (s *Service) Suspend(ctx context.Context, u auth.User, accountID, reason string, trail audit.Entry) (Account, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return Account{}, err
	}
	return s.officerChange(ctx, u, accountID, trail, ActionSuspend, func(a *StoredAccount) error {
		if a.Status != Active && a.Status != Pending {
			return apperr.New(apperr.Conflict, "a %s account cannot be suspended", a.Status)
		}
		a.Status, a.StatusReason = Suspended, reason
		return nil
	})
}

// Reinstate lifts a suspension.
func (s *Service) Reinstate(ctx context.Context, u auth.User, accountID string, trail audit.Entry) (Account, error) {
	return s.officerChange(ctx, u, accountID, trail, ActionReinstate, func(a *StoredAccount) error {
		if a.Status != Suspended {
			return apperr.New(apperr.Conflict, "only a suspended account can be reinstated (this one is %s)", a.Status)
		}
		a.Status, a.StatusReason = Active, ""
		if a.ActivatedAt == nil {
			a.Status = Pending
		}
		return nil
	})
}

// Revoke ends an account for good (an officer's decision).
func (s *Service) Revoke(ctx context.Context, u auth.User, accountID, reason string, trail audit.Entry) (Account, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return Account{}, err
	}
	return s.officerChange(ctx, u, accountID, trail, ActionRevoke, func(a *StoredAccount) error {
		return revoke(a, reason)
	})
}

// Lower takes a level-2 account back to level 1 (the card it was
// verified with turned out to be wrong, say). Raising goes through
// VerifyAtDesk or the card's hand-over.
func (s *Service) Lower(ctx context.Context, u auth.User, accountID, reason string, trail audit.Entry) (Account, error) {
	reason, err := checkReason(reason)
	if err != nil {
		return Account{}, err
	}
	return s.officerChange(ctx, u, accountID, trail, ActionLevelChange, func(a *StoredAccount) error {
		if a.Level <= Level1 {
			return apperr.New(apperr.Conflict, "the account is already at level 1")
		}
		a.Level, a.StatusReason = Level1, reason
		return nil
	})
}

func revoke(a *StoredAccount, reason string) error {
	if a.Status == Revoked {
		return apperr.New(apperr.Conflict, "the account is already revoked")
	}
	// The contact is released so it can serve a new enrolment; the
	// password and passkeys can no longer open anything.
	a.Status, a.StatusReason, a.Phone, a.Email, a.PasswordHash = Revoked, reason, "", "", ""
	return nil
}

// officerChange runs one officer's change to an account: role and
// jurisdiction on the citizen's current residence, the change, its audit
// entry and the hooks, in one transaction.
func (s *Service) officerChange(ctx context.Context, u auth.User, accountID string, trail audit.Entry, action string,
	change func(*StoredAccount) error) (Account, error) {
	if !u.Role.CanEdit() {
		return Account{}, apperr.New(apperr.Forbidden, "a %s account cannot change VNeID accounts", u.Role)
	}
	var out Account
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		a, err := s.cfg.Store.Account(ctx, accountID)
		if err != nil {
			return err
		}
		if err := s.coversCitizen(ctx, u, a.CitizenID); err != nil {
			return err
		}
		out, err = s.apply(ctx, a, trail, action, change)
		return err
	})
	return out, err
}

// apply changes one account inside the caller's transaction, audits it,
// and tells the hooks when the account was withdrawn.
func (s *Service) apply(ctx context.Context, a StoredAccount, trail audit.Entry, action string, change func(*StoredAccount) error) (Account, error) {
	before := a.Account
	if err := change(&a); err != nil {
		return Account{}, err
	}
	a.Version++
	a.UpdatedAt = s.cfg.Now()
	a.HasPassword = a.PasswordHash != ""
	if err := s.cfg.Store.UpdateAccount(ctx, a); err != nil {
		return Account{}, err
	}
	if err := s.record(ctx, trail, action, a.CitizenID, "ok", "level:"+levelName(a.Level), "status:"+string(a.Status)); err != nil {
		return Account{}, err
	}
	if err := s.tellHooks(ctx, before, a.Account); err != nil {
		return Account{}, err
	}
	return a.Account, nil
}

// tellHooks tells the hooks of a change they must learn, inside the
// change's transaction.
func (s *Service) tellHooks(ctx context.Context, before, after Account) error {
	if withdrawn(before, after) {
		for _, h := range s.cfg.Hooks {
			if err := h.AccountWithdrawn(ctx, after.CitizenID); err != nil {
				return apperr.Wrap(err, "account %s withdrawn: hook", after.ID)
			}
		}
	}
	if granted(before, after) {
		for _, h := range s.cfg.Level2Hooks {
			if err := h.Level2Granted(ctx, after.CitizenID); err != nil {
				return apperr.Wrap(err, "account %s at level 2: hook", after.ID)
			}
		}
	}
	return nil
}

// granted reports an account that just became a usable level-2 account.
func granted(before, after Account) bool {
	usable2 := func(a Account) bool { return a.Status == Active && a.Level >= Level2 }
	return usable2(after) && !usable2(before)
}

// withdrawn reports a change the hooks must learn: an account that could
// be used stops being usable, or a level-2 account falls below level 2.
func withdrawn(before, after Account) bool {
	if after.Status == Suspended || after.Status == Revoked {
		return before.Status != after.Status
	}
	return before.Level >= Level2 && after.Level < Level2
}

func levelName(l int) string {
	if l >= Level2 {
		return "2"
	}
	return "1"
}

// coversCitizen refuses an officer outside the citizen's current
// permanent residence.
func (s *Service) coversCitizen(ctx context.Context, u auth.User, citizenID string) error {
	c, err := s.cfg.Registry.Citizen(ctx, citizenID)
	if err != nil {
		return err
	}
	if !u.CanSee(s.cfg.Units, c.Permanent.Commune, c.Permanent.Province) {
		return &apperr.Error{Code: apperr.Forbidden, Message: "the citizen lives outside your jurisdiction",
			Err: audit.DeniedCitizens{citizenID}}
	}
	return nil
}
