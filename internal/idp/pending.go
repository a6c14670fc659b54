package idp

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"
)

// AuthRequest is an authorization request between /authorize (or PAR) and
// the code: what the client asked, then who logged in.
type AuthRequest struct {
	ID            string
	ClientID      string
	RedirectURI   string
	Scopes        []string
	State         string
	Nonce         string
	CodeChallenge string // S256 only
	ResponseMode  string
	ACRValues     []string
	MaxAge        *uint
	Prompt        []string
	// DPoPJKT binds the code to the client's DPoP key (RFC 9449 §10).
	DPoPJKT string
	// Pushed marks a request that came through PAR (RFC 9126).
	Pushed    bool
	ExpiresAt time.Time
	// Set by the login.
	Principal *Principal
	// CSRF guards the login and consent forms of this request.
	CSRF string
	// SecondFactor is the accounts' ticket for the passkey a right
	// password asked for; kept here, not in the page, so it never leaves
	// the server. Ceremony is the passkey ceremony this request began:
	// only its answer may log this request in.
	SecondFactor, Ceremony string
}

// grantCode is an issued authorization code, single use.
type grantCode struct {
	req       AuthRequest
	grantID   string
	expiresAt time.Time
	used      bool
}

// Session is the provider's own browser session (single sign-on): a later
// request from the same browser skips the password unless prompt=login,
// max_age or a higher acr asks for it.
type Session struct {
	ID        string
	Principal Principal
	ExpiresAt time.Time
}

// pending keeps requests, codes and sessions in memory: they live minutes,
// and one provider process serves a deployment. Each map is bounded.
type pending struct {
	mu       sync.Mutex
	requests map[string]*AuthRequest
	codes    map[string]*grantCode
	sessions map[string]*Session
	swept    time.Time
}

const maxPending = 200_000

func newPending() *pending {
	return &pending{requests: map[string]*AuthRequest{}, codes: map[string]*grantCode{}, sessions: map[string]*Session{}}
}

// randomID is 32 random bytes, base64url: request ids, codes, sessions.
func randomID() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// sweepLocked drops expired entries at most once a second, or when full.
func (p *pending) sweepLocked(now time.Time) {
	full := len(p.requests) >= maxPending || len(p.codes) >= maxPending || len(p.sessions) >= maxPending
	if !full && now.Sub(p.swept) < time.Second {
		return
	}
	p.swept = now
	for k, r := range p.requests {
		if now.After(r.ExpiresAt) {
			delete(p.requests, k)
		}
	}
	for k, c := range p.codes {
		if now.After(c.expiresAt) {
			delete(p.codes, k)
		}
	}
	for k, s := range p.sessions {
		if now.After(s.ExpiresAt) {
			delete(p.sessions, k)
		}
	}
}

func (p *pending) putRequest(r *AuthRequest, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweepLocked(now)
	if len(p.requests) >= maxPending {
		return false
	}
	p.requests[r.ID] = r
	return true
}

// request returns a copy of a live request.
func (p *pending) request(id string, now time.Time) (AuthRequest, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.requests[id]
	if !ok || now.After(r.ExpiresAt) {
		return AuthRequest{}, false
	}
	return *r, true
}

func (p *pending) updateRequest(id string, now time.Time, f func(*AuthRequest)) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.requests[id]
	if !ok || now.After(r.ExpiresAt) {
		return false
	}
	f(r)
	return true
}

func (p *pending) takeRequest(id string, now time.Time) (AuthRequest, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	r, ok := p.requests[id]
	delete(p.requests, id)
	if !ok || now.After(r.ExpiresAt) {
		return AuthRequest{}, false
	}
	return *r, true
}

func (p *pending) putCode(code string, c *grantCode, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweepLocked(now)
	if len(p.codes) >= maxPending {
		return false
	}
	p.codes[code] = c
	return true
}

// useCode marks a code used and returns it; replayed reports a second use
// (the code is kept, used, until it expires, so a replay is recognised).
func (p *pending) useCode(code string, now time.Time) (c grantCode, ok, replayed bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	g, found := p.codes[code]
	if !found || now.After(g.expiresAt) {
		return grantCode{}, false, false
	}
	if g.used {
		return *g, false, true
	}
	g.used = true
	return *g, true, false
}

func (p *pending) putSession(s *Session, now time.Time) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.sweepLocked(now)
	if len(p.sessions) >= maxPending {
		return false
	}
	p.sessions[s.ID] = s
	return true
}

func (p *pending) session(id string, now time.Time) (Session, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	s, ok := p.sessions[id]
	if !ok || now.After(s.ExpiresAt) {
		return Session{}, false
	}
	return *s, true
}

func (p *pending) endSession(id string) {
	p.mu.Lock()
	delete(p.sessions, id)
	p.mu.Unlock()
}
