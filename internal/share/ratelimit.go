package share

import (
	"math"
	"sync"
	"time"
)

// RateLimiter is a token bucket per agency, in process memory: each
// server process enforces the rate on its own, which bounds what one
// partner can draw from one process.
type RateLimiter struct {
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	tokens float64
	last   time.Time
}

// NewRateLimiter makes an empty limiter.
func NewRateLimiter() *RateLimiter { return &RateLimiter{buckets: map[string]*bucket{}} }

// Take spends n tokens of the agency's bucket (rate per second, burst
// capacity). When the bucket holds too few, nothing is spent and the
// wait until it will hold n is returned.
func (l *RateLimiter) Take(agency string, rate float64, burst, n int, now time.Time) (ok bool, wait time.Duration) {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[agency]
	if b == nil {
		b = &bucket{tokens: float64(burst), last: now}
		l.buckets[agency] = b
	}
	if el := now.Sub(b.last).Seconds(); el > 0 {
		b.tokens = math.Min(float64(burst), b.tokens+el*rate)
		b.last = now
	}
	need := float64(n)
	if need > float64(burst) {
		need = float64(burst) // a batch larger than the burst waits for a full bucket
	}
	if b.tokens >= need {
		b.tokens -= need
		return true, 0
	}
	return false, time.Duration((need - b.tokens) / rate * float64(time.Second))
}
