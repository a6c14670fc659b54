package idp

import (
	"sync"
	"time"
)

// claimCacheTTL is how long a record read for claims is reused. A login's
// token request and its userinfo call come milliseconds apart and read the
// same record: with the cache they read it once. A change to the record
// shows in claims within this bound, shorter than the lag a read replica
// may have (--db-read-max-lag). Revocations do not go through it: a
// withdrawn account's tokens die at once (revocations.go).
const claimCacheTTL = time.Second

// claimCacheMax bounds the entries held; past it, expired ones are swept
// and, if that is not enough, all are dropped.
const claimCacheMax = 1 << 16

// claimCache holds recently read claim fields by citizen id.
type claimCache struct {
	mu      sync.Mutex
	entries map[string]cachedClaims
}

type cachedClaims struct {
	fields claimFields
	until  time.Time
}

func (c *claimCache) get(id string, now time.Time) (claimFields, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[id]
	if !ok || !now.Before(e.until) {
		return claimFields{}, false
	}
	return e.fields, true
}

func (c *claimCache) put(id string, f claimFields, now time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = make(map[string]cachedClaims)
	}
	if len(c.entries) >= claimCacheMax {
		for k, e := range c.entries {
			if !now.Before(e.until) {
				delete(c.entries, k)
			}
		}
		if len(c.entries) >= claimCacheMax {
			clear(c.entries)
		}
	}
	c.entries[id] = cachedClaims{fields: f, until: now.Add(claimCacheTTL)}
}
