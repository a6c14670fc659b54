package auth

import (
	"context"
	"sync"
	"time"
)

// limiter counts failed logins per key in fixed windows: after max
// failures, the key is refused until its window ends. With a shared
// FailureStore (the database) every server on one database counts the
// same failures; without one it counts in this process's memory.
type limiter struct {
	shared FailureStore
	mu     sync.Mutex
	max    int
	window time.Duration
	counts map[string]*failures
	// sweepAt is the map size that triggers dropping expired windows.
	sweepAt int
}

type failures struct {
	start time.Time
	n     int
}

func newLimiter(max int, window time.Duration) *limiter {
	return &limiter{max: max, window: window, counts: map[string]*failures{}, sweepAt: 1024}
}

// FailureStore keeps failure counts where every server sees them. Keys
// hold usernames and addresses: a store keeps only their hashes.
type FailureStore interface {
	// LoginFailures returns the count of key's window and when the window
	// started; a window that started before since counts as none.
	LoginFailures(ctx context.Context, key string, since time.Time) (n int, start time.Time, err error)
	// AddLoginFailure counts one failure of key, starting a new window at
	// now when the current one started before since.
	AddLoginFailure(ctx context.Context, key string, now, since time.Time) error
	ClearLoginFailures(ctx context.Context, key string) error
}

// retryAfterShared is retryAfter over the shared store. A store that
// cannot answer refuses the login: the password is not checked unthrottled.
func (l *limiter) retryAfterShared(ctx context.Context, key string, now time.Time) (time.Duration, error) {
	if l.shared == nil {
		return l.retryAfter(key, now), nil
	}
	n, start, err := l.shared.LoginFailures(ctx, key, now.Add(-l.window))
	if err != nil || n < l.max {
		return 0, err
	}
	return start.Add(l.window).Sub(now), nil
}

func (l *limiter) failShared(ctx context.Context, key string, now time.Time) error {
	if l.shared == nil {
		l.fail(key, now)
		return nil
	}
	return l.shared.AddLoginFailure(ctx, key, now, now.Add(-l.window))
}

func (l *limiter) resetShared(ctx context.Context, key string) error {
	if l.shared == nil {
		l.reset(key)
		return nil
	}
	return l.shared.ClearLoginFailures(ctx, key)
}

// retryAfter returns how long key stays refused; 0 if it is not.
func (l *limiter) retryAfter(key string, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.counts[key]
	if f == nil || now.Sub(f.start) >= l.window || f.n < l.max {
		return 0
	}
	return f.start.Add(l.window).Sub(now)
}

// fail records one failure of key.
func (l *limiter) fail(key string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	f := l.counts[key]
	if f == nil || now.Sub(f.start) >= l.window {
		if f == nil && len(l.counts) >= l.sweepAt {
			l.sweep(now)
		}
		l.counts[key] = &failures{start: now, n: 1}
		return
	}
	f.n++
}

// reset forgets key, after a successful login.
func (l *limiter) reset(key string) {
	l.mu.Lock()
	delete(l.counts, key)
	l.mu.Unlock()
}

// sweep drops ended windows; if most entries are live (an attack from
// many addresses), the threshold grows so sweeping stays amortised.
func (l *limiter) sweep(now time.Time) {
	for k, f := range l.counts {
		if now.Sub(f.start) >= l.window {
			delete(l.counts, k)
		}
	}
	if len(l.counts) >= l.sweepAt/2 {
		l.sweepAt *= 2
	}
}
