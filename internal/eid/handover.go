package eid

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// HandOverHook issues a level-2 account with a card handed over
// (NĐ 69/2024: the account is issued together with the card): it is one
// of issuance's CardHooks. The citizen was verified in person at
// intake and at the hand-over, so an existing account is raised to level
// 2, and otherwise a level-2 account is created waiting for the code sent
// to the contact on the record. A citizen without a phone or e-mail on
// record, or under 6, gets none (they can ask at the desk); that is not an
// error of the hand-over.
type HandOverHook struct{ Service *Service }

// CardActivated implements issuance.CardHook. The hand-over has
// committed; a failure here leaves the citizen without an account (they
// can ask at the desk) and is logged, without personal data, rather than
// reported as a failed hand-over.
func (h HandOverHook) CardActivated(ctx context.Context, k issuance.Card) error {
	if err := h.issue(ctx, k); err != nil {
		h.Service.cfg.Logger.ErrorContext(ctx, "eid: level-2 account at hand-over failed", "application_id", k.ApplicationID, "err", err)
	}
	return nil
}

// CardRevoked implements issuance.CardHook: a lost or replaced card does
// not end the account (the citizen still proves themself with a new card).
func (HandOverHook) CardRevoked(context.Context, issuance.Card) error { return nil }

func (h HandOverHook) issue(ctx context.Context, k issuance.Card) error {
	s := h.Service
	c, err := s.cfg.Registry.Citizen(ctx, k.CitizenID)
	if err != nil {
		return err
	}
	if checkLiving(c) != nil || MaxLevel(ageOn(c, s.cfg.Now())) < Level2 {
		return nil
	}
	if ageOn(c, s.cfg.Now()) < AdultAge {
		return nil // a child's account is asked for by a guardian
	}
	phone, email, err := contact(c.Phone, c.Email)
	if err != nil {
		phone, email = "", ""
	}
	if phone, email, err = s.freeContact(ctx, c.ID, phone, email); err != nil {
		return err
	}
	cur, err := s.cfg.Store.AccountByCitizen(ctx, c.ID)
	switch {
	case err == nil && cur.Status == Active && cur.Level >= Level2:
		return nil
	case err == nil && cur.Status == Suspended:
		return nil // a suspension is an officer's decision; the hand-over does not undo it
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return err
	case (err != nil || cur.Status != Active) && phone == "" && email == "":
		return nil
	}
	trail := systemTrail("issuance.handover")
	trail.Time = s.cfg.Now()
	return s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		acc, err := s.grantLevel2(ctx, c, "", phone, email, trail, handOverCodeTTL)
		if err != nil {
			return err
		}
		return s.cfg.Store.PutEnrolment(ctx, Enrolment{ID: s.cfg.NewID(), AccountID: acc.ID, CitizenID: c.ID, Kind: KindHandOver,
			Level: Level2, Actor: "handover:" + k.ApplicationID, Outcome: "accepted", At: s.cfg.Now()})
	})
}

// freeContact drops a phone or e-mail that already belongs to another
// citizen's account (a family's shared number), so issuing cannot fail
// on it.
func (s *Service) freeContact(ctx context.Context, citizenID, phone, email string) (string, string, error) {
	check := func(p, e string) (bool, error) {
		if p == "" && e == "" {
			return true, nil
		}
		a, err := s.cfg.Store.AccountByContact(ctx, p, e)
		if apperr.Is(err, apperr.NotFound) {
			return true, nil
		}
		return err == nil && a.CitizenID == citizenID, err
	}
	ok, err := check(phone, "")
	if err != nil {
		return "", "", err
	}
	if !ok {
		phone = ""
	}
	if ok, err = check("", email); err != nil {
		return "", "", err
	}
	if !ok {
		email = ""
	}
	return phone, email, nil
}
