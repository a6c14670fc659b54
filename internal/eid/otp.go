package eid

import (
	"context"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/big"
	"time"

	"dancu/internal/apperr"
)

// OTPSender delivers a one-time code to a phone (SMS) or an e-mail
// address. Production plugs in the SMS gateway; demos and tests use
// Outbox, a 0600 file. A code is never written to a log.
type OTPSender interface {
	Send(ctx context.Context, m OTPMessage) error
}

// OTPMessage is one code on its way to the citizen.
type OTPMessage struct {
	Phone     string    `json:"phone,omitempty"`
	Email     string    `json:"email,omitempty"`
	Purpose   string    `json:"purpose"`
	Code      string    `json:"code"`
	ExpiresAt time.Time `json:"expires_at"`
	// AccountID lets a test or the demo find its code; the gateway
	// ignores it.
	AccountID string `json:"account_id"`
}

const (
	codeDigits = 6
	// maxCodeAttempts wrong tries burn a code: six digits against five
	// guesses is a 1 in 200,000 chance.
	maxCodeAttempts = 5
	// codeTTL is a self-service code's life; a code sent at the card's
	// hand-over waits longer, the citizen activates at home.
	codeTTL         = 10 * time.Minute
	handOverCodeTTL = 72 * time.Hour
)

func newCode() (string, error) {
	n, err := rand.Int(rand.Reader, big.NewInt(1_000_000))
	if err != nil {
		return "", fmt.Errorf("eid: draw code: %w", err)
	}
	return fmt.Sprintf("%0*d", codeDigits, n.Int64()), nil
}

// codeHash keys the hash with the account, so equal codes of two accounts
// differ in storage.
func codeHash(accountID, code string) string {
	m := hmac.New(sha256.New, []byte(accountID))
	m.Write([]byte(code))
	return hex.EncodeToString(m.Sum(nil))
}

// issueCode stores a fresh code for a purpose (replacing an earlier one)
// inside the caller's transaction and sends it. Sending inside the
// transaction means a failed delivery rolls the enrolment back.
func (s *Service) issueCode(ctx context.Context, a Account, purpose, phone, email string, ttl time.Duration) error {
	if s.cfg.OTP == nil {
		return apperr.New(apperr.Internal, "eid: no one-time code sender configured")
	}
	if phone == "" && email == "" {
		return apperr.New(apperr.Invalid, "a phone number or e-mail address is needed to send the code")
	}
	code, err := newCode()
	if err != nil {
		return err
	}
	now := s.cfg.Now()
	c := Code{AccountID: a.ID, Purpose: purpose, Hash: codeHash(a.ID, code), ExpiresAt: now.Add(ttl), CreatedAt: now}
	if err := s.cfg.Store.PutCode(ctx, c); err != nil {
		return err
	}
	if phone != "" {
		email = "" // one channel: the SMS when there is a phone
	}
	return s.cfg.OTP.Send(ctx, OTPMessage{Phone: phone, Email: email, Purpose: purpose, Code: code, ExpiresAt: c.ExpiresAt, AccountID: a.ID})
}

// withCode checks a code and, when it is right, runs then, all in one
// transaction. A wrong code counts an attempt (committed, so guessing
// stays bounded), the last allowed attempt burns it, a right one is
// consumed.
func (s *Service) withCode(ctx context.Context, accountID, purpose, code string, then func(ctx context.Context) error) error {
	wrong := false
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		ok, err := s.useCode(ctx, accountID, purpose, code)
		if err != nil {
			return err
		}
		if !ok {
			wrong = true
			return nil
		}
		return then(ctx)
	})
	if err == nil && wrong {
		return apperr.New(apperr.Invalid, "the code is wrong")
	}
	return err
}

func (s *Service) useCode(ctx context.Context, accountID, purpose, code string) (bool, error) {
	c, err := s.cfg.Store.Code(ctx, accountID, purpose)
	if apperr.Is(err, apperr.NotFound) {
		return false, apperr.New(apperr.Invalid, "no code is waiting; ask for a new one")
	}
	if err != nil {
		return false, err
	}
	if !s.cfg.Now().Before(c.ExpiresAt) {
		return false, apperr.New(apperr.Invalid, "the code has expired; ask for a new one")
	}
	if !hmac.Equal([]byte(codeHash(accountID, code)), []byte(c.Hash)) {
		c.Attempts++
		if c.Attempts >= maxCodeAttempts {
			return false, s.cfg.Store.DeleteCode(ctx, accountID, purpose)
		}
		return false, s.cfg.Store.PutCode(ctx, c)
	}
	return true, s.cfg.Store.DeleteCode(ctx, accountID, purpose)
}
