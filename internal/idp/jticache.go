package idp

import (
	"sync"
	"time"
)

// jtiCache remembers the ids of one-time JWTs (client assertions, DPoP
// proofs) until they expire, so a replay is refused. It lives in memory:
// one provider process per deployment (docs/ARCHITECTURE.md).
type jtiCache struct {
	mu    sync.Mutex
	seen  map[string]time.Time
	sweep time.Time
}

// maxJTIs bounds the cache; past it new ids are refused until the sweep
// frees expired ones (a flood costs the flooder, not the memory).
const maxJTIs = 1 << 20

func newJTICache() *jtiCache { return &jtiCache{seen: map[string]time.Time{}} }

// use records id until exp; false if it was seen (or the cache is full).
func (c *jtiCache) use(id string, exp, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if now.Sub(c.sweep) > time.Minute || len(c.seen) >= maxJTIs {
		for k, e := range c.seen {
			if now.After(e) {
				delete(c.seen, k)
			}
		}
		c.sweep = now
	}
	if _, dup := c.seen[id]; dup || len(c.seen) >= maxJTIs {
		return false
	}
	c.seen[id] = exp
	return true
}

// UseJTI records a one-time proof id until exp; false for a replay. The
// web layer's DPoP check uses it.
func (s *Service) UseJTI(id string, exp time.Time) bool { return s.jtis.use(id, exp, s.cfg.Now()) }
