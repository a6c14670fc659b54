package credential

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// Revoke ends the citizen's active credential for reason; it is then
// Invalid in the status list. No credential is not an error.
func (s *Service) Revoke(ctx context.Context, a Actor, citizenID, reason string) error {
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		_, err := s.endWithin(ctx, a, citizenID, Revoked, reason, "")
		return err
	})
}

// endWithin ends the active credential inside the caller's transaction.
// onlyCard, when set, ends only a credential carrying that card.
func (s *Service) endWithin(ctx context.Context, a Actor, citizenID string, state State, reason, onlyCard string) (bool, error) {
	cur, err := s.cfg.Store.CurrentCredential(ctx, citizenID)
	if apperr.Is(err, apperr.NotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if onlyCard != "" && cur.ApplicationID != onlyCard {
		return false, nil
	}
	now := s.cfg.Now().UTC()
	if err := s.cfg.Store.EndCredential(ctx, cur.ID, state, now, reason); err != nil {
		return false, err
	}
	s.status.invalidate()
	e := a.entry(now, "credential.revoke", citizenID, nil)
	e.Purpose = reason
	return true, audit.AppendWithin(ctx, s.cfg.Audit, e)
}

// AccountWithdrawn revokes the credential of a citizen whose level-2
// account was suspended, revoked or lowered to level 1 (the VNeID
// service's account hook).
func (s *Service) AccountWithdrawn(ctx context.Context, citizenID string) error {
	return s.Revoke(ctx, System, citizenID, ReasonAccountRevoked)
}

// Level2Granted issues the căn cước điện tử to a citizen whose account
// just became a usable level-2 account (activated, raised at the desk or
// at a card's hand-over, reinstated: the VNeID service's account hook),
// in the account change's transaction. Without a valid card or the
// issuer key the account change goes on: the portal issues the credential
// when the citizen next asks.
func (s *Service) Level2Granted(ctx context.Context, citizenID string) error {
	_, err := s.Issue(ctx, System, citizenID, nil)
	if apperr.Is(err, apperr.Conflict) || errors.Is(err, ErrIssuerKey) {
		return nil
	}
	return err
}

// CardRevoked revokes the credential carrying a lost, stolen or replaced
// card (the issuance service's card hook).
func (s *Service) CardRevoked(ctx context.Context, card issuance.Card) error {
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		_, err := s.endWithin(ctx, System, card.CitizenID, Revoked, ReasonCardRevoked, card.ApplicationID)
		return err
	})
}

// CardActivated re-issues the credential on the new card handed over,
// for a citizen with a level-2 account. Without one, or without the
// issuer key, a credential on the replaced card is revoked (the portal
// issues a new one when the citizen next asks).
func (s *Service) CardActivated(ctx context.Context, card issuance.Card) error {
	if s.cfg.Eligibility == nil { // no accounts service: no level-2 account
		return s.Revoke(ctx, System, card.CitizenID, ReasonCardRevoked)
	}
	if cur, err := s.cfg.Store.CurrentCredential(ctx, card.CitizenID); err == nil && cur.ApplicationID == card.ApplicationID {
		return nil // the account's hook issued it on this card already (an account raised at the hand-over)
	}
	_, err := s.Issue(ctx, System, card.CitizenID, nil)
	if apperr.Is(err, apperr.Forbidden) || errors.Is(err, ErrIssuerKey) {
		return s.Revoke(ctx, System, card.CitizenID, ReasonCardRevoked)
	}
	return err
}

// OnChange re-issues the credential when a change to the record changes
// one of its claims, in the change's own transaction, and revokes it
// when the record is closed (death, disappearance, merge).
func (s *Service) OnChange(ctx context.Context, ch registry.Change) error {
	if ch.Created() {
		return nil
	}
	_, err := s.cfg.Store.CurrentCredential(ctx, ch.After.ID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	if ch.After.Status != registry.Alive {
		_, err := s.endWithin(ctx, System, ch.After.ID, Revoked, ReasonRecordClosed, "")
		return err
	}
	if !s.claimsChanged(*ch.Before, ch.After) {
		return nil
	}
	_, err = s.issueWithin(ctx, System, ch.After.ID, &ch.After, nil)
	if errors.Is(err, ErrIssuerKey) || apperr.Is(err, apperr.Conflict) {
		// A correction must not wait for the PKI or a card: the stale
		// credential ends now, and a new one is issued when the citizen
		// next asks.
		_, err = s.endWithin(ctx, System, ch.After.ID, Superseded, "claims changed", "")
	}
	return err
}

// claimsChanged reports a change that shows in the credential's claims
// (the card's own dates and photo do not change with the record).
func (s *Service) claimsChanged(before, after registry.Citizen) bool {
	now := s.cfg.Now()
	b, _ := json.Marshal(claims(before, issuance.Card{}, nil, s.cfg.Units, now))
	a, _ := json.Marshal(claims(after, issuance.Card{}, nil, s.cfg.Units, now))
	return !bytes.Equal(a, b)
}
