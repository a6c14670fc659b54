package auth

import (
	"sync"
	"time"
)

// limiter counts failed logins per key in fixed windows: after max
// failures, the key is refused until its window ends. It lives in memory,
// so each server process counts on its own; that bounds guessing per
// process, which is what it is for.
type limiter struct {
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
