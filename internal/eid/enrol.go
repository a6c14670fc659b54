package eid

import (
	"context"
	"errors"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/capture"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/textfold"
	"time"
)

// SelfEnrolment is what a citizen of 14 or more submits in the app for a
// level-1 account: the data read from their card, a contact, a selfie.
type SelfEnrolment struct {
	IDNumber  string
	FullName  string
	BirthDate pdate.Date
	Phone     string
	Email     string
	Photo     []byte // JPEG or PNG from the phone's camera
	// Password is chosen at enrolment; the code then activates it.
	Password string
}

// Enrolment records one enrolment or level decision with its biometric
// evidence (never the images).
type Enrolment struct {
	ID        string     `json:"id"`
	AccountID string     `json:"account_id"`
	CitizenID string     `json:"citizen_id"`
	Kind      string     `json:"kind"`
	Level     int        `json:"level"`
	Actor     string     `json:"actor"` // account, officer or guardian id
	Decisions []Decision `json:"decisions,omitempty"`
	Outcome   string     `json:"outcome"` // accepted, refused
	Reason    string     `json:"reason,omitempty"`
	At        time.Time  `json:"at"`
}

// Kinds of enrolment.
const (
	KindSelf     = "self_level1"
	KindGuardian = "guardian_minor"
	KindDesk     = "desk_level2"
	KindHandOver = "handover_level2"
)

// Enrol starts a level-1 account: the data must match the register, the
// citizen must be 14 or older with an active card, the selfie must show
// one face, large and sharp, that the matcher finds similar enough to the
// card photo. The account waits for the one-time code sent to the
// contact (Activate). A refusal says why; the comparison's decision is
// recorded and audited either way.
func (s *Service) Enrol(ctx context.Context, in SelfEnrolment, trail audit.Entry) (Account, error) {
	phone, email, err := contact(in.Phone, in.Email)
	if err != nil {
		return Account{}, err
	}
	c, err := s.checkRecord(ctx, in)
	if err != nil {
		return Account{}, err
	}
	now := s.cfg.Now()
	if age := ageOn(c, now); age < AdultAge {
		return Account{}, apperr.New(apperr.Invalid, "a child under %d is enrolled by a parent or guardian from their own account", AdultAge)
	}
	if err := checkContactMatches(c, phone, email); err != nil {
		return Account{}, err
	}
	if err := s.needActiveCard(ctx, c); err != nil {
		return Account{}, err
	}
	if err := s.checkSelfie(in.Photo); err != nil {
		return Account{}, err
	}
	if err := auth.CheckPassword(in.Password); err != nil {
		return Account{}, apperr.WithFields("the password is not acceptable", apperr.FieldError{Field: "password", Reason: err.Error()})
	}
	existing, err := s.cfg.Store.AccountByCitizen(ctx, c.ID)
	switch {
	case err == nil && existing.Status != Revoked && existing.Status != Pending:
		return Account{}, apperr.New(apperr.Conflict, "you already have a VNeID account; log in or recover it")
	case err != nil && !apperr.Is(err, apperr.NotFound):
		return Account{}, err
	}
	d, err := s.compareFace(ctx, c.ID, in.Photo)
	if err != nil {
		return Account{}, err
	}
	acc := s.newAccount(c.ID, Level1, phone, email)
	if existing.ID != "" {
		acc = existing // a pending or revoked account starts over
		acc.Level, acc.Status, acc.StatusReason, acc.Phone, acc.Email, acc.PasswordHash = Level1, Pending, "", phone, email, ""
		acc.ActivatedAt = nil
	}
	trail.UserID = acc.ID
	trail.Role = audit.RoleCitizen
	e := Enrolment{ID: s.cfg.NewID(), AccountID: acc.ID, CitizenID: c.ID, Kind: KindSelf, Level: Level1, Actor: acc.ID,
		Decisions: []Decision{d}, At: now}
	if !d.Match {
		e.Outcome, e.Reason = "refused", "face does not match the card photo"
		if err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
			if err := s.cfg.Store.PutEnrolment(ctx, e); err != nil {
				return err
			}
			return s.record(ctx, trail, ActionFaceMatch, c.ID, d.Result(), "face")
		}); err != nil {
			return Account{}, err
		}
		return Account{}, apperr.WithFields("the face does not match the photo of your card",
			apperr.FieldError{Field: "photo", Reason: "face_mismatch"})
	}
	e.Outcome = "accepted"
	if acc.PasswordHash, err = s.cfg.Hasher.Hash(ctx, in.Password, s.cfg.Params); err != nil {
		return Account{}, passwordRefused(err)
	}
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if existing.ID == "" {
			if err := s.cfg.Store.CreateAccount(ctx, acc); err != nil {
				return contactTaken(err)
			}
		} else {
			acc.Version++
			acc.UpdatedAt = now
			if err := s.cfg.Store.UpdateAccount(ctx, acc); err != nil {
				return contactTaken(err)
			}
		}
		if err := s.cfg.Store.PutEnrolment(ctx, e); err != nil {
			return err
		}
		if err := s.record(ctx, trail, ActionFaceMatch, c.ID, d.Result(), "face"); err != nil {
			return err
		}
		if err := s.record(ctx, trail, ActionEnrol, c.ID, "ok", "level:1"); err != nil {
			return err
		}
		return s.issueCode(ctx, acc.Account, PurposeActivate, phone, email, codeTTL)
	})
	if err != nil {
		return Account{}, err
	}
	return acc.Account, nil
}

// Activation is the code a citizen received, and the password they
// choose when the account has none yet (issued at the desk or with the
// card); a password chosen at enrolment stays.
type Activation struct {
	Identifier string // ID number, phone or e-mail
	Code       string
	Password   string
}

// Activate opens a pending account with its one-time code, setting the
// password if it has none (argon2id in the process-wide bounded hasher).
func (s *Service) Activate(ctx context.Context, in Activation) (Account, error) {
	acc, found, err := s.lookup(ctx, in.Identifier)
	if err != nil {
		return Account{}, err
	}
	if !found || acc.Status != Pending {
		return Account{}, apperr.New(apperr.Invalid, "no account is waiting for activation under this identifier")
	}
	hash := acc.PasswordHash
	if hash == "" {
		if hash, err = s.cfg.Hasher.Hash(ctx, in.Password, s.cfg.Params); err != nil {
			return Account{}, passwordRefused(err)
		}
	}
	var out Account
	err = s.withCode(ctx, acc.ID, PurposeActivate, strings.TrimSpace(in.Code), func(ctx context.Context) error {
		cur, err := s.cfg.Store.Account(ctx, acc.ID)
		if err != nil {
			return err
		}
		if cur.Status != Pending {
			return apperr.New(apperr.Conflict, "the account is %s, not waiting for activation", cur.Status)
		}
		now := s.cfg.Now()
		before := cur.Account
		if cur.PasswordHash == "" {
			cur.PasswordHash = hash
		}
		cur.Status, cur.ActivatedAt = Active, &now
		cur.Version++
		cur.UpdatedAt = now
		if err := s.cfg.Store.UpdateAccount(ctx, cur); err != nil {
			return err
		}
		out = cur.Account
		if err := s.record(ctx, citizenTrail(cur.ID, "eid.activate"), ActionActivate, cur.CitizenID, "ok", "level:"+levelName(cur.Level)); err != nil {
			return err
		}
		return s.tellHooks(ctx, before, cur.Account)
	})
	return out, err
}

// passwordRefused turns the hasher's policy refusal into an Invalid error.
func passwordRefused(err error) error {
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	if strings.Contains(err.Error(), "password must") {
		return apperr.WithFields("the password is not acceptable", apperr.FieldError{Field: "password", Reason: err.Error()})
	}
	return apperr.Wrap(err, "hash password")
}

// contact normalises a phone and an e-mail; at least one is needed.
func contact(phone, email string) (string, string, error) {
	var err error
	if strings.TrimSpace(phone) != "" {
		if phone, err = registry.Phone(phone); err != nil {
			return "", "", apperr.WithFields("the phone number is not valid", apperr.FieldError{Field: "phone", Reason: err.Error()})
		}
	} else {
		phone = ""
	}
	if strings.TrimSpace(email) != "" {
		if email, err = registry.Email(email); err != nil {
			return "", "", apperr.WithFields("the e-mail address is not valid", apperr.FieldError{Field: "email", Reason: err.Error()})
		}
	} else {
		email = ""
	}
	if phone == "" && email == "" {
		return "", "", apperr.WithFields("give a phone number or an e-mail address", apperr.FieldError{Field: "phone", Reason: "required"})
	}
	return phone, email, nil
}

// checkRecord finds the record and checks the card data typed against it.
func (s *Service) checkRecord(ctx context.Context, in SelfEnrolment) (registry.Citizen, error) {
	in.IDNumber = strings.TrimSpace(in.IDNumber)
	if len(in.IDNumber) != 12 || strings.Trim(in.IDNumber, "0123456789") != "" {
		return registry.Citizen{}, apperr.WithFields("the ID number must have 12 digits", apperr.FieldError{Field: "id_number", Reason: "format"})
	}
	c, err := s.cfg.Registry.CitizenByIDNumber(ctx, in.IDNumber)
	if apperr.Is(err, apperr.NotFound) {
		return c, mismatch()
	}
	if err != nil {
		return c, err
	}
	if textfold.Fold(strings.TrimSpace(in.FullName)) != textfold.Fold(c.FullName) || in.BirthDate != c.BirthDate {
		return c, mismatch()
	}
	return c, checkLiving(c)
}

// mismatch never says which of number, name or birth date is wrong, so
// the form cannot be used to probe the register.
func mismatch() error {
	return apperr.New(apperr.Invalid, "the ID number, name and birth date do not match the population register")
}

// checkContactMatches refuses a contact that differs from the one the
// register holds, when it holds one: the register is the reference, and
// a changed number is updated at the commune police first.
func checkContactMatches(c registry.Citizen, phone, email string) error {
	if phone != "" && c.Phone != "" && phone != c.Phone {
		return apperr.WithFields("the phone number differs from the one in the population register; update it at the commune police",
			apperr.FieldError{Field: "phone", Reason: "not_in_register"})
	}
	if email != "" && c.Email != "" && email != c.Email {
		return apperr.WithFields("the e-mail address differs from the one in the population register; update it at the commune police",
			apperr.FieldError{Field: "email", Reason: "not_in_register"})
	}
	return nil
}

func contactTaken(err error) error {
	if apperr.Is(err, apperr.Conflict) {
		return apperr.New(apperr.Conflict, "this phone number or e-mail address already belongs to another VNeID account")
	}
	return err
}

func (s *Service) newAccount(citizenID string, level int, phone, email string) StoredAccount {
	now := s.cfg.Now()
	return StoredAccount{Account: Account{ID: s.cfg.NewID(), CitizenID: citizenID, Level: level, Status: Pending,
		Phone: phone, Email: email, CreatedAt: now, UpdatedAt: now, Version: 1}}
}

// needActiveCard refuses a citizen without an active card.
func (s *Service) needActiveCard(ctx context.Context, c registry.Citizen) error {
	if s.cfg.Cards == nil {
		return apperr.New(apperr.Internal, "eid: no card store configured")
	}
	cards, err := s.cfg.Cards.CardsByNumber(ctx, c.IDNumber)
	if err != nil {
		return err
	}
	if !hasActiveCard(cards, c.ID, s.cfg.Now()) {
		return apperr.New(apperr.Invalid, "a VNeID account needs a valid căn cước card; apply for one at the commune police")
	}
	return nil
}

// checkSelfie runs the photo quality checks and turns a refusal into an
// Invalid error naming the photo.
func (s *Service) checkSelfie(photo []byte) error {
	err := s.cfg.FaceCheck(photo)
	if err == nil {
		return nil
	}
	var fe *FaceError
	if errors.As(err, &fe) {
		return &apperr.Error{Code: apperr.Invalid, Message: fe.Message,
			Fields: []apperr.FieldError{{Field: "photo", Reason: fe.Reason}}, Err: fe}
	}
	var ae *apperr.Error
	if errors.As(err, &ae) {
		return err
	}
	if p := captureProblem(err); p != "" {
		return &apperr.Error{Code: apperr.Invalid, Message: strings.TrimPrefix(err.Error(), "capture: "),
			Fields: []apperr.FieldError{{Field: "photo", Reason: p}}, Err: err}
	}
	return apperr.Wrap(err, "check photo")
}

// compareFace compares a selfie with the card photo on file.
func (s *Service) compareFace(ctx context.Context, citizenID string, photo []byte) (Decision, error) {
	if s.cfg.Biometrics == nil || s.cfg.Matcher == nil {
		return Decision{}, apperr.New(apperr.Internal, "eid: no biometric matcher configured")
	}
	ref, err := s.cfg.Biometrics.CardBiometrics(ctx, citizenID)
	if apperr.Is(err, apperr.NotFound) || (err == nil && len(ref.Photo) == 0) {
		return Decision{}, apperr.New(apperr.Invalid, "no card photo is on file to compare with; enrol at the commune police")
	}
	if err != nil {
		return Decision{}, err
	}
	d, err := s.decide(ctx, Comparison{Modality: ModalityFace, Probe: photo, Reference: ref.Photo})
	if err != nil {
		return Decision{}, apperr.Wrap(err, "compare face")
	}
	return d, nil
}

func captureProblem(err error) string { return string(capture.ProblemOf(err)) }
