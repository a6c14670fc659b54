package wire

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"dancu/internal/auth"
	"dancu/internal/eid"
	"dancu/internal/idp"
	"dancu/internal/issuance"
	"dancu/internal/sqlstore"
)

// EIDConfig is what citizens' VNeID accounts need beyond the database.
type EIDConfig struct {
	// OTP delivers one-time codes: the SMS gateway in production, an
	// eid.Outbox file (DATA/eid/outbox.jsonl) in demos and tests. Nil
	// refuses enrolment.
	OTP eid.OTPSender
	// Matcher is the ABIS's 1:1 comparison (see docs/ARCHITECTURE.md);
	// nil refuses enrolments that need one. Thresholds default to
	// eid.DefaultThresholds.
	Matcher    eid.BiometricMatcher
	Thresholds eid.Thresholds
	// FaceCheck replaces the selfie quality check (eid.CheckFace).
	FaceCheck func([]byte) error
	// Passkeys configures WebAuthn; a zero RPID disables passkeys.
	Passkeys eid.PasskeyConfig
	// Params are the argon2id costs of citizens' passwords (default
	// auth.DefaultParams; tests use cheap ones).
	Params auth.Params
	// Watch counts failed and refused logins (New passes Config.Watch).
	Watch auth.LoginWatch
}

// EID is the VNeID accounts' service over db. Account hooks (the căn
// cước điện tử, relying parties' sessions) are added with AddHook in New.
func EID(db *sqlstore.DB, blobs issuance.BlobStore, log *slog.Logger, cfg EIDConfig) *eid.Service {
	svc, err := eid.NewService(eid.Config{Failures: db.LoginFailures(),
		Store: db.EID(), Tx: db, Registry: db.Citizens(), Audit: db.AuditLog(), Units: db.Units(),
		Params: cfg.Params, OTP: cfg.OTP, Matcher: cfg.Matcher, Thresholds: cfg.Thresholds, FaceCheck: cfg.FaceCheck,
		Cards:      db.Issuance(),
		Biometrics: eid.IssuanceBiometrics{Registry: db.Citizens(), Cards: db.Issuance(), Applications: db.Issuance(), Blobs: blobs},
		Passkeys:   cfg.Passkeys, Logger: log, Now: db.Now, Watch: cfg.Watch,
	})
	if err != nil {
		panic(err) // every required field is set above: a programming error
	}
	return svc
}

// OIDCAccounts are citizens' VNeID accounts as the OpenID Connect
// provider asks for them.
type OIDCAccounts struct{ EID *eid.Service }

// Authenticate implements idp.Accounts.
func (a OIDCAccounts) Authenticate(ctx context.Context, identifier, password string) (idp.Principal, error) {
	p, err := a.EID.Authenticate(ctx, eid.Credentials{Identifier: identifier, Password: password})
	var second *eid.SecondFactorRequired
	if errors.As(err, &second) {
		return idp.Principal{}, &idp.SecondFactorRequired{Ticket: second.Ticket}
	}
	if err != nil {
		return idp.Principal{}, err
	}
	return oidcPrincipal(p), nil
}

// BeginPasskeyLogin implements idp.Passkeys.
func (a OIDCAccounts) BeginPasskeyLogin(ctx context.Context, ticket string) (idp.PasskeyCeremony, error) {
	c, err := a.EID.BeginPasskeyLogin(ctx, ticket)
	return idp.PasskeyCeremony{ID: c.CeremonyID, Options: c.Options}, err
}

// FinishPasskeyLogin implements idp.Passkeys; a suspended or revoked
// account is idp.ErrAccountUnusable.
func (a OIDCAccounts) FinishPasskeyLogin(ctx context.Context, ceremonyID string, response []byte) (idp.Principal, error) {
	p, err := a.EID.FinishPasskeyLogin(ctx, ceremonyID, response, "")
	if errors.Is(err, eid.ErrSuspended) || errors.Is(err, eid.ErrRevoked) {
		return idp.Principal{}, fmt.Errorf("%w: %w", idp.ErrAccountUnusable, err)
	}
	if err != nil {
		return idp.Principal{}, err
	}
	return oidcPrincipal(p), nil
}

func oidcPrincipal(p eid.Principal) idp.Principal {
	return idp.Principal{AccountID: p.AccountID, CitizenID: p.CitizenID, Level: p.Level, AuthTime: p.AuthTime, Methods: p.Methods}
}

// Usable implements idp.Accounts: only an active account may be used,
// even with a live token.
func (a OIDCAccounts) Usable(ctx context.Context, accountID string) error {
	acc, err := a.EID.Account(ctx, accountID)
	if err != nil {
		return fmt.Errorf("account %s: %w: %w", accountID, idp.ErrAccountUnusable, err)
	}
	if !acc.Usable() {
		return fmt.Errorf("account %s is %s: %w", accountID, acc.Status, idp.ErrAccountUnusable)
	}
	return nil
}
