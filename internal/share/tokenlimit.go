package share

import (
	"math"
	"sync"
	"time"
)

// Limits on token requests. Every request is charged when it starts,
// before any secret is checked, and refunded when the client authenticates:
// a partner asking for tokens as it should (one per five minutes per
// instance) never meets them, while parallel or repeated wrong secrets are
// refused with 429 before they cost a password hash. A client id is
// charged whether or not it exists, so the limit does not tell them apart.
const (
	// TokenFailuresPerClient wrong attempts are allowed per client id at
	// once; one more is allowed every TokenClientRefill.
	TokenFailuresPerClient = 10
	TokenClientRefill      = 30 * time.Second
	// TokenFailuresPerAddress wrong attempts are allowed per source
	// address at once, one more every TokenAddressRefill: an address may
	// try several client ids (an agency's test and production clients).
	TokenFailuresPerAddress = 20
	TokenAddressRefill      = 10 * time.Second
)

// attemptLimiter is a token bucket per key (a client id or an address) in
// process memory. Buckets that have refilled are dropped when the map
// grows, so keys an attacker invents cost memory only while they are
// being charged.
type attemptLimiter struct {
	mu      sync.Mutex
	burst   float64
	refill  time.Duration // time to earn one attempt back
	buckets map[string]*bucket
	sweepAt int
}

func newAttemptLimiter(burst int, refill time.Duration) *attemptLimiter {
	return &attemptLimiter{burst: float64(burst), refill: refill, buckets: map[string]*bucket{}, sweepAt: 1024}
}

// take charges one attempt of key; when none is left it charges nothing
// and returns how long until one is.
func (l *attemptLimiter) take(key string, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(key, now)
	if b.tokens >= 1 {
		b.tokens--
		return true, 0
	}
	return false, time.Duration((1 - b.tokens) * float64(l.refill))
}

// refund gives back the attempt a successful authentication was charged.
func (l *attemptLimiter) refund(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.fill(key, now)
	b.tokens = math.Min(l.burst, b.tokens+1)
}

// fill returns key's bucket topped up to now, creating it full.
func (l *attemptLimiter) fill(key string, now time.Time) *bucket {
	b := l.buckets[key]
	if b == nil {
		if len(l.buckets) >= l.sweepAt {
			l.sweep(now)
		}
		b = &bucket{tokens: l.burst, last: now}
		l.buckets[key] = b
	}
	if el := now.Sub(b.last); el > 0 {
		b.tokens = math.Min(l.burst, b.tokens+float64(el)/float64(l.refill))
		b.last = now
	}
	return b
}

// sweep drops buckets that are full again (the same as no bucket); if most
// are still charged (an attack from many keys), the threshold grows so
// sweeping stays amortised.
func (l *attemptLimiter) sweep(now time.Time) {
	for k, b := range l.buckets {
		if b.tokens+float64(now.Sub(b.last))/float64(l.refill) >= l.burst {
			delete(l.buckets, k)
		}
	}
	if len(l.buckets) >= l.sweepAt/2 {
		l.sweepAt *= 2
	}
}
