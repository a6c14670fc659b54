package ui

import (
	"context"
	"sync"
	"time"
)

// figureCache keeps computed figures for a while: counting a province's
// eligible population scans its citizens (seconds for 1,000,000 people),
// too slow for any page view. A stale entry is served at once while one
// background computation refreshes it. A missing entry is computed once
// in the background: pages ask with peek and show a placeholder that
// polls until it is ready; exports and warming wait with get. Figures are
// counts, no personal data; jurisdiction is checked before the cache is
// asked.
type figureCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[string]*cached
}

type cached struct {
	at         time.Time
	val        any
	ok         bool          // val holds figures; false while the first computation runs or after it failed
	err        error         // why the first computation failed
	done       chan struct{} // closed when the first computation ends
	refreshing bool
}

func newFigureCache(ttl time.Duration, now func() time.Time) *figureCache {
	return &figureCache{ttl: ttl, now: now, m: map[string]*cached{}}
}

// refreshTimeout bounds a computation; it runs detached from the request
// that started it, so that a closed tab does not waste the work.
const refreshTimeout = 2 * time.Minute

// get returns the value under key, waiting for its first computation.
func (c *figureCache) get(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	e := c.entryLocked(key, compute)
	c.mu.Unlock()
	select {
	case <-e.done:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if !e.ok {
		c.forgetLocked(key, e)
		return nil, e.err
	}
	return e.val, nil
}

// peek returns the value under key if it has been computed; otherwise it
// makes sure one computation runs and reports not ready. A failed first
// computation is reported once, and the next peek starts another.
func (c *figureCache) peek(key string, compute func(context.Context) (any, error)) (v any, ready bool, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.entryLocked(key, compute)
	select {
	case <-e.done:
	default:
		return nil, false, nil
	}
	if !e.ok {
		c.forgetLocked(key, e)
		return nil, false, e.err
	}
	return e.val, true, nil
}

// entryLocked returns key's entry, starting its first computation when
// there is none, or a refresh when its value is stale.
func (c *figureCache) entryLocked(key string, compute func(context.Context) (any, error)) *cached {
	e, ok := c.m[key]
	if !ok {
		e = &cached{done: make(chan struct{})}
		c.m[key] = e
		go c.fill(e, compute)
		return e
	}
	if e.ok && c.now().Sub(e.at) >= c.ttl && !e.refreshing {
		e.refreshing = true
		go c.refresh(e, compute)
	}
	return e
}

// forgetLocked drops a failed entry so that the next request retries.
func (c *figureCache) forgetLocked(key string, e *cached) {
	if c.m[key] == e {
		delete(c.m, key)
	}
}

func (c *figureCache) fill(e *cached, compute func(context.Context) (any, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	v, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.at, e.val, e.ok, e.err = c.now(), v, err == nil, err
	close(e.done)
}

func (c *figureCache) refresh(e *cached, compute func(context.Context) (any, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	v, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	e.refreshing = false
	if err == nil { // on failure the stale figures stay and the next view retries
		e.at, e.val = c.now(), v
	}
}
