// Package lease elects one leader per task among the dancu servers that
// share a database: the outbox's webhook dispatcher and the audit log's
// checkpoint signer must each run on one server at a time. A Keeper takes
// and renews a named lease in the database; Held says whether this
// process may act now.
package lease

import (
	"context"
	"log/slog"
	"sync/atomic"
	"time"
)

// Store takes or renews a lease: it gives name to holder until ttl from
// now when the lease is free, expired or holder's already, and reports
// whether holder has it. The database's clock decides expiry.
type Store interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
}

// Keeper holds one named lease for this process.
type Keeper struct {
	Store  Store
	Name   string
	Holder string        // unique per process (host, pid, random)
	TTL    time.Duration // default 15 s; renewed every TTL/3
	Log    *slog.Logger  // default slog.Default()

	// until is when this process's hold ends by its own monotonic clock,
	// counted from before the renewal was sent: a renewal that took long
	// shortens the hold rather than extending it past the database's.
	until atomic.Pointer[time.Time]
}

// DefaultTTL is how long a lease outlives its holder's last renewal: the
// pause of the task after a server dies.
const DefaultTTL = 15 * time.Second

// Held reports whether this process holds the lease now. It stops being
// true TTL after the last successful renewal started, before another
// server may take it.
func (k *Keeper) Held() bool {
	u := k.until.Load()
	return u != nil && time.Now().Before(*u)
}

// Renew takes or renews the lease once.
func (k *Keeper) Renew(ctx context.Context) bool {
	ttl := k.ttl()
	start := time.Now()
	ok, err := k.Store.TryLease(ctx, k.Name, k.Holder, ttl)
	if err != nil || !ok {
		if k.Held() && err != nil {
			k.log().Warn("lease not renewed", "lease", k.Name, "err", err)
		}
		if !ok && err == nil {
			k.until.Store(nil) // another server has it
		}
		return false
	}
	// A safety margin of a tenth: clocks of two machines' timers drift.
	until := start.Add(ttl - ttl/10)
	if !k.Held() {
		k.log().Info("lease taken", "lease", k.Name, "holder", k.Holder)
	}
	k.until.Store(&until)
	return true
}

// Run renews the lease every TTL/3 until ctx ends. The hold then runs
// out by itself: work finishing during shutdown (a last checkpoint) may
// still use it.
func (k *Keeper) Run(ctx context.Context) {
	t := time.NewTicker(k.ttl() / 3)
	defer t.Stop()
	for {
		rctx, cancel := context.WithTimeout(ctx, k.ttl()/3)
		k.Renew(rctx)
		cancel()
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (k *Keeper) ttl() time.Duration {
	if k.TTL <= 0 {
		return DefaultTTL
	}
	return k.TTL
}

func (k *Keeper) log() *slog.Logger {
	if k.Log == nil {
		return slog.Default()
	}
	return k.Log
}
