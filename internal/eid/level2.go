package eid

import (
	"context"
	"errors"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/capture"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// CaptureChecker is the intake quality checks of the desk's captures
// (internal/capture in production).
type CaptureChecker interface {
	CheckPhoto(data []byte) error
	CheckFingerprint(data []byte) error
}

type defaultCaptures struct{}

func (defaultCaptures) CheckPhoto(b []byte) error       { return capture.CheckPhoto(b) }
func (defaultCaptures) CheckFingerprint(b []byte) error { return capture.CheckFingerprint(b) }

// DeskVerification is what the commune police officer captures when a
// citizen asks for level 2 in person: the chip card's number, a face
// photo from the desk camera, one or more fingerprints by finger name
// (issuance.Fingers), and the contact the code goes to.
type DeskVerification struct {
	CardNumber   string
	Photo        []byte
	Fingerprints map[string][]byte
	Phone        string
	Email        string
	// GuardianIDNumber is the ID number of the parent or guardian present
	// for a child under 14 (required then).
	GuardianIDNumber string
}

// VerifyAtDesk gives a citizen a level-2 account after the officer
// verified them in person: an active card bearing the number, a face
// and at least one fingerprint that pass the capture checks and match the
// card's references. An existing account is raised to level 2 (a level
// change, audited); otherwise a new one waits for its code.
func (s *Service) VerifyAtDesk(ctx context.Context, u auth.User, in DeskVerification, trail audit.Entry) (Account, error) {
	if !u.Role.CanEdit() {
		return Account{}, apperr.New(apperr.Forbidden, "a %s account cannot verify citizens at the desk", u.Role)
	}
	phone, email, err := contact(in.Phone, in.Email)
	if apperr.Is(err, apperr.Invalid) && strings.TrimSpace(in.Phone+in.Email) == "" {
		err = nil // an existing account keeps its contact; a new one is refused in grantLevel2
	}
	if err != nil {
		return Account{}, err
	}
	number := strings.TrimSpace(in.CardNumber)
	c, err := s.cfg.Registry.CitizenByIDNumber(ctx, number)
	if apperr.Is(err, apperr.NotFound) {
		return Account{}, apperr.New(apperr.Invalid, "no citizen holds the card number %s", number)
	}
	if err != nil {
		return Account{}, err
	}
	if err := s.coversCitizen(ctx, u, c.ID); err != nil {
		return Account{}, err
	}
	if err := checkLiving(c); err != nil {
		return Account{}, err
	}
	now := s.cfg.Now()
	age := ageOn(c, now)
	if MaxLevel(age) < Level2 {
		return Account{}, apperr.New(apperr.Invalid, "a child under %d can hold only a level-1 account (NĐ 69/2024)", Level2MinAge)
	}
	guardian := ""
	if age < AdultAge {
		if guardian, err = s.guardianPresent(ctx, c, in.GuardianIDNumber); err != nil {
			return Account{}, err
		}
	}
	if err := s.needActiveCard(ctx, c); err != nil {
		return Account{}, err
	}
	if err := s.cfg.Captures.CheckPhoto(in.Photo); err != nil {
		return Account{}, captureRefused("photo", err)
	}
	if len(in.Fingerprints) == 0 {
		return Account{}, apperr.WithFields("capture at least one fingerprint", apperr.FieldError{Field: "fingerprints", Reason: "required"})
	}
	for finger, png := range in.Fingerprints {
		if !knownFinger(finger) {
			return Account{}, apperr.WithFields("unknown finger", apperr.FieldError{Field: "fingerprints." + finger, Reason: "unknown finger"})
		}
		if err := s.cfg.Captures.CheckFingerprint(png); err != nil {
			return Account{}, captureRefused("fingerprints."+finger, err)
		}
	}
	decisions, ok, err := s.compareAtDesk(ctx, c.ID, in)
	if err != nil {
		return Account{}, err
	}
	e := Enrolment{ID: s.cfg.NewID(), CitizenID: c.ID, Kind: KindDesk, Level: Level2, Actor: u.ID, Decisions: decisions, At: now}
	if !ok {
		e.Outcome, e.Reason = "refused", "biometrics do not match the card"
		if err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
			if err := s.cfg.Store.PutEnrolment(ctx, e); err != nil {
				return err
			}
			return s.record(ctx, trail, ActionVerifyInDesk, c.ID, "no_match", "face", "fingerprint")
		}); err != nil {
			return Account{}, err
		}
		return Account{}, apperr.New(apperr.Invalid, "the face or fingerprints do not match the card on file; level 2 refused")
	}
	e.Outcome = "accepted"
	var out Account
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.record(ctx, trail, ActionVerifyInDesk, c.ID, "match", "face", "fingerprint"); err != nil {
			return err
		}
		var err error
		out, err = s.grantLevel2(ctx, c, guardian, phone, email, trail, codeTTL)
		if err != nil {
			return err
		}
		e.AccountID = out.ID
		return s.cfg.Store.PutEnrolment(ctx, e)
	})
	return out, err
}

// grantLevel2 raises an existing usable account to level 2, or creates a
// level-2 account waiting for its code, inside the caller's transaction.
func (s *Service) grantLevel2(ctx context.Context, c registry.Citizen, guardian, phone, email string, trail audit.Entry, ttl time.Duration) (Account, error) {
	cur, err := s.cfg.Store.AccountByCitizen(ctx, c.ID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return Account{}, err
	}
	if err == nil && (cur.Status == Active || cur.Status == Suspended) {
		if cur.Status == Suspended {
			return Account{}, apperr.New(apperr.Conflict, "the account is suspended; reinstate it first")
		}
		if cur.Level >= Level2 {
			return cur.Account, nil
		}
		return s.apply(ctx, cur, trail, ActionLevelChange, func(a *StoredAccount) error {
			a.Level = Level2
			if a.GuardianID == "" {
				a.GuardianID = guardian
			}
			return nil
		})
	}
	acc := s.newAccount(c.ID, Level2, phone, email)
	acc.GuardianID = guardian
	if err == nil { // pending or revoked: start over on the same row
		id, version, created := cur.ID, cur.Version, cur.CreatedAt
		acc.ID, acc.Version, acc.CreatedAt = id, version+1, created
		if err := s.cfg.Store.UpdateAccount(ctx, acc); err != nil {
			return Account{}, contactTaken(err)
		}
	} else if err := s.cfg.Store.CreateAccount(ctx, acc); err != nil {
		return Account{}, contactTaken(err)
	}
	if err := s.record(ctx, trail, ActionEnrol, c.ID, "ok", "level:2"); err != nil {
		return Account{}, err
	}
	return acc.Account, s.issueCode(ctx, acc.Account, PurposeActivate, phone, email, ttl)
}

// compareAtDesk compares the desk photo and each fingerprint with the
// card's references: the face must match, and at least one finger.
func (s *Service) compareAtDesk(ctx context.Context, citizenID string, in DeskVerification) ([]Decision, bool, error) {
	if s.cfg.Biometrics == nil || s.cfg.Matcher == nil {
		return nil, false, apperr.New(apperr.Internal, "eid: no biometric matcher configured")
	}
	ref, err := s.cfg.Biometrics.CardBiometrics(ctx, citizenID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && len(ref.Photo) == 0) {
		return nil, false, apperr.New(apperr.Invalid, "no card photo is on file to compare with")
	}
	if err != nil {
		return nil, false, err
	}
	face, err := s.decide(ctx, Comparison{Modality: ModalityFace, Probe: in.Photo, Reference: ref.Photo})
	if err != nil {
		return nil, false, apperr.Wrap(err, "compare face")
	}
	out := []Decision{face}
	fingerOK := false
	for _, finger := range issuance.Fingers { // a fixed order, for a stable record
		probe, ok := in.Fingerprints[finger]
		if !ok {
			continue
		}
		refPrint, ok := ref.Fingerprints[finger]
		if !ok {
			continue // not captured for the card (a missing finger)
		}
		d, err := s.decide(ctx, Comparison{Modality: ModalityFinger, Probe: probe, Reference: refPrint})
		if err != nil {
			return nil, false, apperr.Wrap(err, "compare fingerprint")
		}
		d.Modality = ModalityFinger + ":" + finger
		out = append(out, d)
		fingerOK = fingerOK || d.Match
	}
	if len(out) == 1 {
		return out, false, apperr.New(apperr.Invalid, "none of the captured fingers was enrolled with the card; capture another finger")
	}
	return out, face.Match && fingerOK, nil
}

// guardianPresent checks the parent or guardian acting for a child.
func (s *Service) guardianPresent(ctx context.Context, child registry.Citizen, number string) (string, error) {
	number = strings.TrimSpace(number)
	if number == "" {
		return "", apperr.WithFields("a child under 14 is enrolled with a parent or guardian present; give their ID number",
			apperr.FieldError{Field: "guardian_id_number", Reason: "required"})
	}
	g, err := s.cfg.Registry.CitizenByIDNumber(ctx, number)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return "", err
	}
	if err != nil || !isGuardian(child, g.ID) || g.Status != registry.Alive {
		return "", apperr.WithFields("the register does not show this person as the child's parent or guardian",
			apperr.FieldError{Field: "guardian_id_number", Reason: "not_guardian"})
	}
	return g.ID, nil
}

func knownFinger(f string) bool {
	for _, k := range issuance.Fingers {
		if k == f {
			return true
		}
	}
	return false
}

func captureRefused(field string, err error) error {
	var ce *capture.Error
	if errors.As(err, &ce) {
		return &apperr.Error{Code: apperr.Invalid, Message: ce.Message,
			Fields: []apperr.FieldError{{Field: field, Reason: string(ce.Problem)}}, Err: err}
	}
	return apperr.Wrap(err, "check %s", field)
}
