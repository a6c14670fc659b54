package auth

import "time"

// FailureLimiter counts failed logins per key (an identifier, an
// address) in fixed windows, like the officers' login does; other
// capabilities that check passwords (citizens' VNeID accounts) use it so
// that every login refuses guessing the same way.
type FailureLimiter struct{ l *limiter }

// NewFailureLimiter refuses a key for the rest of its window after max
// failures.
func NewFailureLimiter(max int, window time.Duration) *FailureLimiter {
	return &FailureLimiter{l: newLimiter(max, window)}
}

// RetryAfter is how long key stays refused; 0 if it is not.
func (f *FailureLimiter) RetryAfter(key string, now time.Time) time.Duration {
	return f.l.retryAfter(key, now)
}

// Fail records one failure of key.
func (f *FailureLimiter) Fail(key string, now time.Time) { f.l.fail(key, now) }

// Reset forgets key after a success.
func (f *FailureLimiter) Reset(key string) { f.l.reset(key) }
