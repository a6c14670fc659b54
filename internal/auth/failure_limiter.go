package auth

import (
	"context"
	"time"
)

// FailureLimiter counts failed logins per key (an identifier, an
// address) in fixed windows, like the officers' login does; other
// capabilities that check passwords (citizens' VNeID accounts) use it so
// that every login refuses guessing the same way.
type FailureLimiter struct{ l *limiter }

// NewFailureLimiter refuses a key for the rest of its window after max
// failures. A non-nil shared store counts across servers.
func NewFailureLimiter(max int, window time.Duration, shared FailureStore) *FailureLimiter {
	l := newLimiter(max, window)
	l.shared = shared
	return &FailureLimiter{l: l}
}

// RetryAfter is how long key stays refused; 0 if it is not.
func (f *FailureLimiter) RetryAfter(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	return f.l.retryAfterShared(ctx, key, now)
}

// Fail records one failure of key.
func (f *FailureLimiter) Fail(ctx context.Context, key string, now time.Time) error {
	return f.l.failShared(ctx, key, now)
}

// Reset forgets key after a success.
func (f *FailureLimiter) Reset(ctx context.Context, key string) error {
	return f.l.resetShared(ctx, key)
}
