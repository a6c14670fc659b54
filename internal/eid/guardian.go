package eid

import (
	"context"
	"strings"

	"dancu/internal/apperr"
)

// MinorEnrolment is a parent's or guardian's request for a level-1
// account for a child under 14 who holds a card (NĐ 69/2024): the
// child's ID number, a photo of the child (from 6, when the card carries
// a photo) and the child's password. The guardian's own login stands for
// the contact check, so the account is active at once.
type MinorEnrolment struct {
	IDNumber string
	Photo    []byte // required from age 6; ignored under 6 (no photo on the card)
	Password string
}

// EnrolMinor creates a child's level-1 account on the request of a
// guardian logged in with their own active account. The register must
// show the guardian as the child's father, mother or representative.
func (s *Service) EnrolMinor(ctx context.Context, g Principal, in MinorEnrolment) (Account, error) {
	ga, err := s.cfg.Store.Account(ctx, g.AccountID)
	if err != nil || ga.CitizenID != g.CitizenID || ga.Status != Active {
		return Account{}, apperr.New(apperr.Unauthenticated, "log in with your own active VNeID account to act for a child")
	}
	c, err := s.cfg.Registry.CitizenByIDNumber(ctx, strings.TrimSpace(in.IDNumber))
	if apperr.Is(err, apperr.NotFound) || (err == nil && !isGuardian(c, g.CitizenID)) {
		return Account{}, apperr.New(apperr.Forbidden, "the register does not show you as this child's parent or guardian")
	}
	if err != nil {
		return Account{}, err
	}
	if err := checkLiving(c); err != nil {
		return Account{}, err
	}
	now := s.cfg.Now()
	age := ageOn(c, now)
	if age >= AdultAge {
		return Account{}, apperr.New(apperr.Invalid, "from %d a citizen enrols in their own right", AdultAge)
	}
	if err := s.needActiveCard(ctx, c); err != nil {
		return Account{}, err
	}
	if _, err := s.cfg.Store.AccountByCitizen(ctx, c.ID); err == nil {
		return Account{}, apperr.New(apperr.Conflict, "the child already has a VNeID account")
	} else if !apperr.Is(err, apperr.NotFound) {
		return Account{}, err
	}
	var decisions []Decision
	if age >= Level2MinAge {
		if err := s.checkSelfie(in.Photo); err != nil {
			return Account{}, err
		}
		d, err := s.compareFace(ctx, c.ID, in.Photo)
		if err != nil {
			return Account{}, err
		}
		decisions = append(decisions, d)
		if !d.Match {
			return Account{}, s.refuseMatch(ctx, c.ID, g, d)
		}
	}
	hash, err := s.cfg.Hasher.Hash(ctx, in.Password, s.cfg.Params)
	if err != nil {
		return Account{}, passwordRefused(err)
	}
	acc := s.newAccount(c.ID, Level1, "", "")
	acc.Status, acc.ActivatedAt, acc.GuardianID, acc.PasswordHash = Active, &now, g.CitizenID, hash
	trail := citizenTrail(g.AccountID, "eid.enrol_minor")
	trail.OnBehalfOf = c.ID
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.CreateAccount(ctx, acc); err != nil {
			return err
		}
		if err := s.cfg.Store.PutEnrolment(ctx, Enrolment{ID: s.cfg.NewID(), AccountID: acc.ID, CitizenID: c.ID, Kind: KindGuardian,
			Level: Level1, Actor: g.AccountID, Decisions: decisions, Outcome: "accepted", At: now}); err != nil {
			return err
		}
		return s.record(ctx, trail, ActionEnrol, c.ID, "ok", "level:1", "guardian")
	})
	return acc.Account, err
}

// refuseMatch records a face comparison under the threshold and refuses.
func (s *Service) refuseMatch(ctx context.Context, citizenID string, actor Principal, d Decision) error {
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.PutEnrolment(ctx, Enrolment{ID: s.cfg.NewID(), CitizenID: citizenID, Kind: KindGuardian, Level: Level1,
			Actor: actor.AccountID, Decisions: []Decision{d}, Outcome: "refused", Reason: "face does not match the card photo", At: s.cfg.Now()}); err != nil {
			return err
		}
		return s.record(ctx, citizenTrail(actor.AccountID, "eid.enrol_minor"), ActionFaceMatch, citizenID, d.Result(), "face")
	})
	if err != nil {
		return err
	}
	return apperr.WithFields("the face does not match the photo of the card", apperr.FieldError{Field: "photo", Reason: "face_mismatch"})
}

// Wards lists the accounts a guardian acts for.
func (s *Service) Wards(ctx context.Context, g Principal) ([]Account, error) {
	return s.cfg.Store.AccountsByGuardian(ctx, g.CitizenID)
}
