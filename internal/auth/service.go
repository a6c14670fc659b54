package auth

import (
	"log/slog"
	"time"

	"dancu/internal/units"
)

// Config configures a Service. Zero values take the defaults noted.
type Config struct {
	Store Store
	// Failures shares failed-login counts between the servers on one
	// database; nil counts in this process.
	Failures FailureStore
	Units    *units.Catalog   // default units.Default()
	Now      func() time.Time // default time.Now
	Logger   *slog.Logger     // default slog.Default(); never given passwords or tokens
	Params   Params           // default DefaultParams; tests use cheaper ones
	// IdleTimeout ends a session not used for this long (default 30 min);
	// each use slides it. AbsoluteTimeout ends any session this long after
	// login (default 12 h).
	IdleTimeout     time.Duration
	AbsoluteTimeout time.Duration
	// MaxFailures failed logins per username, and per client IP, within
	// FailureWindow lock that key out until the window ends (default 5 per
	// 15 min).
	MaxFailures   int
	FailureWindow time.Duration
	// Hasher computes password hashes; default ProcessHasher, whose
	// bound on simultaneous argon2 computations the whole process shares.
	Hasher *Hasher
	// SessionCacheTTL is how long a verified session is trusted without a
	// database read (default 2 s; negative disables). It bounds how late
	// another server process notices a logout or a disabled account.
	SessionCacheTTL time.Duration
	// Watch counts failed and refused logins (default: nothing).
	Watch LoginWatch
}

// Service logs officers in and out and manages their accounts.
type Service struct {
	store      Store
	units      *units.Catalog
	now        func() time.Time
	log        *slog.Logger
	params     Params
	idle       time.Duration
	absolute   time.Duration
	touchEvery time.Duration
	failures   *limiter
	hasher     *Hasher
	dummy      string // verified against for an unknown username
	sessions   sessionCache
	watch      LoginWatch
}

// NewService builds a Service from cfg, filling defaults.
func NewService(cfg Config) *Service {
	s := &Service{store: cfg.Store, units: cfg.Units, now: cfg.Now, log: cfg.Logger, params: cfg.Params,
		idle: cfg.IdleTimeout, absolute: cfg.AbsoluteTimeout, watch: WatchOrNone(cfg.Watch)}
	if s.units == nil {
		s.units = units.Default()
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.Default()
	}
	if s.params == (Params{}) {
		s.params = DefaultParams
	}
	if s.idle <= 0 {
		s.idle = 30 * time.Minute
	}
	if s.absolute <= 0 {
		s.absolute = 12 * time.Hour
	}
	// Sliding the idle deadline on every request would turn every read
	// into a write; a tenth of the idle time is precise enough.
	s.touchEvery = min(time.Minute, s.idle/10)
	maxFail, window := cfg.MaxFailures, cfg.FailureWindow
	if maxFail <= 0 {
		maxFail = 5
	}
	if window <= 0 {
		window = 15 * time.Minute
	}
	s.failures = newLimiter(maxFail, window)
	s.failures.shared = cfg.Failures
	s.hasher = cfg.Hasher
	if s.hasher == nil {
		s.hasher = ProcessHasher
	}
	s.dummy = DummyHash(s.params)
	s.sessions.ttl = cfg.SessionCacheTTL
	if s.sessions.ttl == 0 {
		s.sessions.ttl = 2 * time.Second
	}
	return s
}

// Now is the service clock.
func (s *Service) Now() time.Time { return s.now() }

// IdleTimeout is how long an unused session lives.
func (s *Service) IdleTimeout() time.Duration { return s.idle }

// AbsoluteTimeout is how long any session lives after login.
func (s *Service) AbsoluteTimeout() time.Duration { return s.absolute }

// Units is the unit catalog jurisdiction checks use.
func (s *Service) Units() *units.Catalog { return s.units }
