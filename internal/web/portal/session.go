package portal

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"sync"
	"time"

	"dancu/internal/auth"
)

// Session is a logged-in citizen: who the VNeID login said they are. The
// portal keeps nothing else about them between requests.
type Session struct {
	CitizenID string
	AccountID string
	Level     int    // 1 or 2
	Name      string // for the greeting; from the login's claims
	// IDToken is the provider's id_token, kept for RP-initiated logout
	// (id_token_hint); empty for sessions made without the provider.
	IDToken string
	Issuer  string // the provider's issuer the login went through
	// AuthTime is when the citizen authenticated to the provider (the
	// id_token's auth_time), which a session's later requests do not
	// renew: the accounts service lets only a recent one change the
	// account's passkeys (eid.RecentLogin). Zero when unknown.
	AuthTime time.Time
}

// Citizen is the session's principal for the domain services.
func (s Session) Citizen() auth.Citizen {
	return auth.Citizen{CitizenID: s.CitizenID, AccountID: s.AccountID, Level: s.Level}
}

// SessionConfig sets a session store's limits; zero fields take defaults.
type SessionConfig struct {
	// Idle ends a session unused this long (default 15 minutes, as public
	// service portals do).
	Idle time.Duration
	// Absolute ends any session this long after login (default 8 hours).
	Absolute time.Duration
	// Max bounds the sessions held at once (default 100,000); at the
	// bound the oldest-expiring session is dropped.
	Max int
	Now func() time.Time
}

// Sessions keeps sessions in memory, by the SHA-256 of their token: a
// restart logs every citizen out, which the provider's own session makes
// a click to undo. A store in the database would let several processes
// share them.
type Sessions struct {
	cfg SessionConfig
	mu  sync.Mutex
	m   map[string]*entry
}

type entry struct {
	s        Session
	lastUsed time.Time
	ends     time.Time
}

// NewSessions makes an empty store.
func NewSessions(cfg SessionConfig) *Sessions {
	if cfg.Idle <= 0 {
		cfg.Idle = 15 * time.Minute
	}
	if cfg.Absolute <= 0 {
		cfg.Absolute = 8 * time.Hour
	}
	if cfg.Max <= 0 {
		cfg.Max = 100_000
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	return &Sessions{cfg: cfg, m: map[string]*entry{}}
}

// errNoSession is any failure to find a live session.
var errNoSession = errors.New("portal: no live session")

// Create starts a session and returns its token, for the cookie.
func (st *Sessions) Create(s Session) (string, error) {
	if err := s.Citizen().Check(); err != nil {
		return "", err
	}
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(b)
	now := st.cfg.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	if len(st.m) >= st.cfg.Max {
		st.evictLocked(now)
	}
	st.m[tokenKey(token)] = &entry{s: s, lastUsed: now, ends: now.Add(st.cfg.Absolute)}
	return token, nil
}

// Get returns the live session of token and slides its idle timeout.
func (st *Sessions) Get(token string) (Session, error) {
	if token == "" || len(token) > 64 {
		return Session{}, errNoSession
	}
	now := st.cfg.Now()
	st.mu.Lock()
	defer st.mu.Unlock()
	k := tokenKey(token)
	e, ok := st.m[k]
	if !ok {
		return Session{}, errNoSession
	}
	if !now.Before(e.ends) || !now.Before(e.lastUsed.Add(st.cfg.Idle)) {
		delete(st.m, k)
		return Session{}, errNoSession
	}
	e.lastUsed = now
	return e.s, nil
}

// End ends the session of token.
func (st *Sessions) End(token string) {
	st.mu.Lock()
	defer st.mu.Unlock()
	delete(st.m, tokenKey(token))
}

// evictLocked drops expired sessions, and if none was, the one closest to
// its end.
func (st *Sessions) evictLocked(now time.Time) {
	var oldest string
	var at time.Time
	for k, e := range st.m {
		end := min(e.ends.UnixNano(), e.lastUsed.Add(st.cfg.Idle).UnixNano())
		if end <= now.UnixNano() {
			delete(st.m, k)
			continue
		}
		if oldest == "" || end < at.UnixNano() {
			oldest, at = k, time.Unix(0, end)
		}
	}
	if len(st.m) >= st.cfg.Max && oldest != "" {
		delete(st.m, oldest)
	}
}

func tokenKey(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// csrfToken is the synchroniser token of a session: a one-way function of
// the session token (see the officer application's).
func csrfToken(session string) string {
	sum := sha256.Sum256([]byte("dancu-portal-csrf\x00" + session))
	return base64.RawURLEncoding.EncodeToString(sum[:])
}

func csrfOK(got, session string) bool {
	want := csrfToken(session)
	return len(got) == len(want) && subtle.ConstantTimeCompare([]byte(got), []byte(want)) == 1
}
