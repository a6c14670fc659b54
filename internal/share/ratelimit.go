package share

import (
	"context"
	"math"
	"sync"
	"time"
)

// TokenBuckets keeps agencies' token buckets where every server sees them
// (the database), so that several servers behind a load balancer enforce
// one limit per agency.
type TokenBuckets interface {
	// DrawTokens refills agency's bucket (rate tokens a second, at most
	// burst) to now and takes at most want tokens from it, none unless it
	// holds need. It returns what it took and what the bucket holds after.
	DrawTokens(ctx context.Context, agency string, rate, burst, need, want float64, now time.Time) (got, left float64, err error)
}

// RateLimiter is a token bucket per agency. With shared buckets each
// server draws a small slice of tokens at a time from the agency's bucket
// in the database and spends it locally, so the hot path is a mutex and
// the database sees one statement per slice; tokens a server drew but did
// not spend within SliceLife are dropped, never returned (the servers
// together accept at most what the bucket gave out). Without shared
// buckets the bucket is in this process's memory.
type RateLimiter struct {
	shared  TokenBuckets
	mu      sync.Mutex
	buckets map[string]*bucket
}

type bucket struct {
	mu     sync.Mutex // held during a draw, so one goroutine draws per slice
	tokens float64
	last   time.Time // in memory: last refill; shared: when the slice expires
	// refusedUntil is when the shared bucket can next hold what the last
	// refused draw missed: it refills at a fixed rate and other servers
	// only take from it, so calls before then are refused here without
	// asking the database (an agency far over its rate costs no statements).
	refusedUntil time.Time
}

// SliceLife is how long a server keeps tokens it drew from a shared bucket.
const SliceLife = time.Second

// NewRateLimiter makes an empty limiter; shared nil keeps buckets in memory.
func NewRateLimiter(shared TokenBuckets) *RateLimiter {
	return &RateLimiter{shared: shared, buckets: map[string]*bucket{}}
}

func (l *RateLimiter) bucketOf(agency string, now time.Time, burst int) *bucket {
	l.mu.Lock()
	defer l.mu.Unlock()
	b := l.buckets[agency]
	if b == nil {
		b = &bucket{last: now}
		if l.shared == nil {
			b.tokens = float64(burst)
		}
		l.buckets[agency] = b
	}
	return b
}

// Take spends n tokens of the agency's bucket (rate per second, burst
// capacity). When the bucket holds too few, nothing is spent and the
// wait until it will hold n is returned. A batch larger than the burst
// waits for a full bucket.
func (l *RateLimiter) Take(ctx context.Context, agency string, rate float64, burst, n int, now time.Time) (ok bool, wait time.Duration, err error) {
	need := math.Min(float64(n), float64(burst))
	b := l.bucketOf(agency, now, burst)
	b.mu.Lock()
	defer b.mu.Unlock()
	if l.shared == nil {
		if el := now.Sub(b.last).Seconds(); el > 0 {
			b.tokens = math.Min(float64(burst), b.tokens+el*rate)
			b.last = now
		}
	} else if !now.Before(b.last) {
		b.tokens = 0 // the slice expired: its tokens are dropped
	}
	if b.tokens >= need {
		b.tokens -= need
		return true, 0, nil
	}
	if l.shared == nil {
		return false, untilHeld(need-b.tokens, rate), nil
	}
	if now.Before(b.refusedUntil) {
		return false, b.refusedUntil.Sub(now), nil
	}
	// A draw takes a whole slice or nothing: at the limit, servers that
	// took single tokens as they trickle in would each draw for every call.
	missing := math.Max(need-b.tokens, sliceSize(rate, burst))
	got, left, err := l.shared.DrawTokens(ctx, agency, rate, float64(burst), missing, missing, now)
	if err != nil {
		return false, 0, err
	}
	if got < missing {
		wait := untilHeld(missing-left, rate)
		b.refusedUntil = now.Add(wait)
		return false, wait, nil
	}
	b.tokens, b.last = b.tokens+got-need, now.Add(SliceLife)
	return true, 0, nil
}

// sliceSize is how many tokens a server draws at once: a twentieth of a
// second's rate, so a busy agency costs ~20 statements a second per server,
// at most a quarter of the burst so that one server cannot hold most of
// it, and at least one.
func sliceSize(rate float64, burst int) float64 {
	return math.Max(1, math.Min(rate/20, float64(burst)/4))
}

// untilHeld is how long a bucket refilling at rate takes to gain missing
// tokens; at least a millisecond, so a refusal never says "retry now".
func untilHeld(missing, rate float64) time.Duration {
	if rate <= 0 {
		return time.Hour
	}
	return max(time.Millisecond, time.Duration(missing/rate*float64(time.Second)))
}
