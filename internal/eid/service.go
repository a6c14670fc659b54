package eid

import (
	"context"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/units"
)

// Config wires a Service. Store, Tx, Registry, Audit and Units are required.
type Config struct {
	Store Store
	// Failures shares failed-login counts between the servers on one
	// database; nil counts in this process.
	Failures auth.FailureStore
	Tx       Transactor
	Registry Registry
	// Audit takes every enrolment, level change and login in the change's
	// own transaction; they show in the citizen's data tracker.
	Audit audit.Store
	// Units decides officers' jurisdiction.
	Units *units.Catalog
	// Hasher computes passwords (default auth.ProcessHasher, the bound on
	// argon2id computations the whole process shares); Params their costs
	// (default auth.DefaultParams).
	Hasher *auth.Hasher
	Params auth.Params
	// OTP delivers one-time codes (an SMS gateway in production, the
	// outbox file in demos and tests). Nil refuses enrolment.
	OTP OTPSender
	// Matcher compares a live capture with the card's reference on file
	// (an ABIS in production), decided against Thresholds (default
	// DefaultThresholds); Biometrics reads those references. Without them
	// enrolment is refused.
	Matcher    BiometricMatcher
	Thresholds Thresholds
	Biometrics BiometricSource
	// Cards reads the cards bearing a number (issuance.Store).
	Cards Cards
	// FaceCheck checks a selfie's quality before it is compared (default
	// CheckFace: pigo, exactly one face, large and sharp enough).
	FaceCheck func(photo []byte) error
	// Captures checks fingerprint captures at the desk (default
	// capture.CheckFingerprint).
	Captures CaptureChecker
	// Hooks learn that an account was suspended, revoked or lowered below
	// level 2; they run inside the change's transaction.
	Hooks []AccountHook
	// Level2Hooks learn that an account became a usable level-2 account.
	Level2Hooks []Level2Hook
	// Passkeys configures WebAuthn; zero disables passkeys.
	Passkeys PasskeyConfig
	Logger   *slog.Logger
	Now      func() time.Time
	NewID    func() string
	// Watch counts failed and refused logins (default: nothing).
	Watch auth.LoginWatch
}

// Service is the one home of the accounts' use cases: the API, the web
// pages, the OpenID Connect provider and the CLI all call it.
type Service struct {
	cfg      Config
	dummy    string // a hash no password matches, for unknown identifiers
	failures *auth.FailureLimiter
	webauthn *webauthnRP
}

// Failed logins allowed per identifier or address in one window.
const (
	maxLoginFailures   = 10
	loginFailureWindow = 15 * time.Minute
)

// NewService fills defaults.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil || cfg.Tx == nil || cfg.Registry == nil || cfg.Audit == nil || cfg.Units == nil {
		return nil, apperr.New(apperr.Internal, "eid: Store, Tx, Registry, Audit and Units are required")
	}
	if cfg.Hasher == nil {
		cfg.Hasher = auth.ProcessHasher
	}
	if cfg.Params == (auth.Params{}) {
		cfg.Params = auth.DefaultParams
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	cfg.Watch = auth.WatchOrNone(cfg.Watch)
	if cfg.NewID == nil {
		cfg.NewID = func() string { return uuid.Must(uuid.NewV7()).String() }
	}
	if cfg.Thresholds == (Thresholds{}) {
		cfg.Thresholds = DefaultThresholds
	}
	if cfg.FaceCheck == nil {
		cfg.FaceCheck = CheckFace
	}
	if cfg.Captures == nil {
		cfg.Captures = defaultCaptures{}
	}
	s := &Service{cfg: cfg, dummy: auth.DummyHash(cfg.Params),
		failures: auth.NewFailureLimiter(maxLoginFailures, loginFailureWindow, cfg.Failures)}
	if cfg.Passkeys.RPID != "" {
		rp, err := newWebauthnRP(cfg.Passkeys)
		if err != nil {
			return nil, err
		}
		s.webauthn = rp
	}
	return s, nil
}

// Now is the service clock.
func (s *Service) Now() time.Time { return s.cfg.Now() }

// Params are the argon2id costs of new passwords.
func (s *Service) Params() auth.Params { return s.cfg.Params }

// AddHook registers an AccountHook; wire calls it while composing, before
// the service serves anything.
func (s *Service) AddHook(h AccountHook) { s.cfg.Hooks = append(s.cfg.Hooks, h) }

// AddLevel2Hook adds a hook told of new level-2 accounts (wire names the
// credential service, built before this one).
func (s *Service) AddLevel2Hook(h Level2Hook) { s.cfg.Level2Hooks = append(s.cfg.Level2Hooks, h) }

// Account returns an account by id.
func (s *Service) Account(ctx context.Context, accountID string) (Account, error) {
	a, err := s.cfg.Store.Account(ctx, accountID)
	return a.Account, err
}

// Level2Account returns the active level-2 account of a citizen, if any:
// the căn cước điện tử exists only with one.
func (s *Service) Level2Account(ctx context.Context, citizenID string) (string, bool, error) {
	a, err := s.cfg.Store.AccountByCitizen(ctx, citizenID)
	if apperr.Is(err, apperr.NotFound) {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if a.Status != Active || a.Level < Level2 {
		return "", false, nil
	}
	return a.ID, true, nil
}

// AccountOfCitizen returns the citizen's account (any state).
func (s *Service) AccountOfCitizen(ctx context.Context, citizenID string) (Account, error) {
	a, err := s.cfg.Store.AccountByCitizen(ctx, citizenID)
	return a.Account, err
}

// record chains trail onto the audit log inside the caller's transaction.
func (s *Service) record(ctx context.Context, trail audit.Entry, action, citizenID, result string, fields ...string) error {
	trail.Action, trail.CitizenIDs, trail.Result, trail.Fields = action, []string{citizenID}, result, fields
	if trail.Time.IsZero() {
		trail.Time = s.cfg.Now()
	}
	return audit.AppendWithin(ctx, s.cfg.Audit, trail)
}

// citizenTrail is the audit trail of a citizen acting through their
// account.
func citizenTrail(accountID, route string) audit.Entry {
	return audit.Entry{UserID: accountID, Role: audit.RoleCitizen, Route: route}
}

// systemTrail is the trail of the register's own effects (a death).
func systemTrail(route string) audit.Entry {
	return audit.Entry{Role: audit.RoleSystem, Username: "system", Route: route}
}

// officerTrail is the trail of an officer's action outside a request.
func (s *Service) officerTrail(u auth.User, route string) audit.Entry {
	return audit.Entry{UserID: u.ID, Username: u.Username, Role: string(u.Role), Unit: u.Unit, Route: route}
}
