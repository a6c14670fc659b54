package share

import (
	"context"
	"sync"
	"time"

	"dancu/internal/auth"
)

// Audiences an access token can be bound to: the verification routes, the
// notification routes and the civil-status routes (the hộ tịch system
// posting its events). A token for one is refused by the others.
const (
	AudienceVerify      = "dancu-verify"
	AudienceNotify      = "dancu-notify"
	AudienceCivilStatus = "dancu-civil-status"
)

// Config builds a Service.
type Config struct {
	Store Store
	Now   func() time.Time // default time.Now
	// Params hash client secrets (argon2id); default auth.DefaultParams.
	Params auth.Params
	// Hasher computes and checks them; default auth.ProcessHasher, whose
	// bound on simultaneous hashes officer logins share.
	Hasher *auth.Hasher
	// TokenURL is the token endpoint's public URL, the audience client
	// assertions must name. AssertionAudience is always accepted as well.
	TokenURL string
	TokenTTL time.Duration // default 5 minutes
	// CacheTTL is how long a verified token is trusted in process before
	// the store is asked again (suspensions elsewhere take effect within
	// it); default 2 s.
	CacheTTL time.Duration
	// Targets says where webhooks may go (see TargetPolicy); Resolve
	// resolves their host names, default SystemResolver.
	Targets TargetPolicy
	Resolve Resolver
	// Sleep waits for rate-limit tokens in a running batch; default a
	// timer (tests advance their clock instead).
	Sleep func(ctx context.Context, d time.Duration) error
	// Watch counts failed client authentications and refusals by the
	// token endpoint's and the agencies' rate limits (default: nothing).
	Watch auth.LoginWatch
	// Buckets keeps the agencies' rate limits where every server on the
	// database draws from the same bucket; nil keeps them in this process.
	Buckets TokenBuckets
}

// AssertionAudience is the issuer identifier client assertions may name
// instead of the token URL.
const AssertionAudience = "urn:dancu:oauth:token"

// Service authenticates agencies and their tokens.
type Service struct {
	store    Store
	now      func() time.Time
	params   auth.Params
	tokenURL string
	ttl      time.Duration
	cacheTTL time.Duration
	limiter  *RateLimiter
	targets  TargetPolicy
	resolve  Resolver
	sleep    func(ctx context.Context, d time.Duration) error
	hasher   *auth.Hasher
	dummy    string // verified against for an unknown client id
	watch    auth.LoginWatch

	clientAttempts, addrAttempts *attemptLimiter

	mu    sync.Mutex
	cache map[string]cachedToken
}

type cachedToken struct {
	tok    AccessToken
	agency Agency
	until  time.Time
}

// NewService makes a Service.
func NewService(cfg Config) *Service {
	s := &Service{store: cfg.Store, now: cfg.Now, params: cfg.Params, tokenURL: cfg.TokenURL,
		ttl: cfg.TokenTTL, cacheTTL: cfg.CacheTTL, limiter: NewRateLimiter(cfg.Buckets), cache: map[string]cachedToken{},
		targets: cfg.Targets, resolve: cfg.Resolve, sleep: cfg.Sleep, watch: auth.WatchOrNone(cfg.Watch)}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	if s.resolve == nil {
		s.resolve = SystemResolver
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.params == (auth.Params{}) {
		s.params = auth.DefaultParams
	}
	s.hasher = cfg.Hasher
	if s.hasher == nil {
		s.hasher = auth.ProcessHasher
	}
	s.dummy = auth.DummyHash(s.params)
	s.clientAttempts = newAttemptLimiter(TokenFailuresPerClient, TokenClientRefill)
	s.addrAttempts = newAttemptLimiter(TokenFailuresPerAddress, TokenAddressRefill)
	if s.ttl <= 0 {
		s.ttl = 5 * time.Minute
	}
	if s.cacheTTL <= 0 {
		s.cacheTTL = 2 * time.Second
	}
	return s
}

// Store returns the storage the service works on.
func (s *Service) Store() Store { return s.store }

// Now is the service clock.
func (s *Service) Now() time.Time { return s.now() }

// TokenTTL is the lifetime of issued access tokens.
func (s *Service) TokenTTL() time.Duration { return s.ttl }

// Allow spends n of the agency's rate-limit tokens; wait > 0 when refused.
// A shared bucket that cannot be read refuses with the error: the call is
// not let through unlimited.
func (s *Service) Allow(ctx context.Context, a Agency, n int) (bool, time.Duration, error) {
	ok, wait, err := s.limiter.Take(ctx, a.ID, a.RatePerSec, a.Burst, n, s.now())
	if err == nil && !ok {
		s.watch.Refused(auth.ChannelAgency)
	}
	return ok, wait, err
}

func (s *Service) cached(hash string, now time.Time) (cachedToken, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.cache[hash]
	if !ok || now.After(c.until) {
		return c, false
	}
	return c, true
}

func (s *Service) remember(c cachedToken) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.cache) > 100_000 {
		clear(s.cache) // bounded: a full cache only costs store reads
	}
	s.cache[c.tok.Hash] = c
}

func (s *Service) forget(match func(cachedToken) bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for h, c := range s.cache {
		if match(c) {
			delete(s.cache, h)
		}
	}
}
