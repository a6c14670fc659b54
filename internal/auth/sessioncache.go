package auth

import (
	"sync"
	"time"
)

// sessionCache remembers recently verified sessions for a moment, so a
// client making many calls does not cost a database read per call (the
// session check was a fifth of a point read's server time). Logout,
// password resets and disabling evict at once in this process; another
// server process sees a revocation within the TTL.
type sessionCache struct {
	mu  sync.Mutex
	ttl time.Duration
	m   map[string]cachedSession
}

type cachedSession struct {
	sess  Session
	until time.Time
}

// maxCachedSessions bounds memory; the cache simply starts over when full.
const maxCachedSessions = 50_000

func (c *sessionCache) get(hash string, now time.Time) (Session, bool) {
	if c.ttl <= 0 {
		return Session{}, false
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[hash]
	if !ok || !now.Before(e.until) {
		return Session{}, false
	}
	return e.sess, true
}

func (c *sessionCache) put(s Session, now time.Time) {
	if c.ttl <= 0 {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxCachedSessions {
		c.m = map[string]cachedSession{}
	}
	c.m[s.TokenHash] = cachedSession{sess: s, until: now.Add(c.ttl)}
}

func (c *sessionCache) evict(hash string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	delete(c.m, hash)
}

func (c *sessionCache) evictUser(userID string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for h, e := range c.m {
		if e.sess.UserID == userID {
			delete(c.m, h)
		}
	}
}
