package sqlstore

import (
	"context"
	"sync"
	"time"
)

// The lag of a standby is measured in time, from positions: each poll
// records the primary's flushed WAL position with the time it was read,
// and a standby's lag is how long ago the primary first stood past what
// the standby has replayed. Unlike now() - pg_last_xact_replay_timestamp(),
// it does not grow while the primary is simply idle, and it grows while
// replay is paused or the standby is cut off.

// maxSamples bounds the position history; at the default poll it covers
// over ten minutes, far past any sensible MaxLag.
const maxSamples = 4096

// measure polls the primary's position, then every standby's replay.
func (r *readRouter) measure(ctx context.Context) {
	now := time.Now()
	if p, err := lsnOf(r.primary.QueryRowContext(ctx, `SELECT pg_current_wal_flush_lsn()::text`)); err == nil {
		if n := len(r.samples); n == 0 || r.samples[n-1].lsn < p {
			r.samples = append(r.samples, lsnSample{lsn: p, at: now})
		}
	}
	// Standbys are asked in parallel: one that hangs (a host gone without
	// a reset) must not delay the others' measurement.
	replayed := make([]uint64, len(r.replicas))
	var wg sync.WaitGroup
	for i, rep := range r.replicas {
		wg.Go(func() { replayed[i] = r.measureOne(ctx, rep, now) })
	}
	wg.Wait()
	oldest := ^uint64(0)
	for _, got := range replayed {
		oldest = min(oldest, got)
	}
	r.prune(oldest)
}

// measureOne reads one standby's replay position and lag; it returns the
// position, or the maximum when the standby did not answer.
func (r *readRouter) measureOne(ctx context.Context, rep *replica, now time.Time) uint64 {
	got, err := replayLSN(ctx, rep.pool)
	if err != nil {
		if rep.healthy.Swap(false) {
			r.log.Warn("read replica unreachable: its reads go to the primary", "replica", rep.name, "err", err)
		}
		return ^uint64(0)
	}
	if !rep.healthy.Swap(true) {
		r.log.Info("read replica reachable", "replica", rep.name)
	}
	rep.replay.Store(got)
	lag := r.lagBehind(got, now)
	rep.lag.Store(int64(lag))
	r.logLagTransition(rep, lag)
	return got
}

// lagBehind is how long ago the primary first stood past replayed.
func (r *readRouter) lagBehind(replayed uint64, now time.Time) time.Duration {
	for _, s := range r.samples {
		if s.lsn > replayed {
			return now.Sub(s.at)
		}
	}
	return 0
}

// prune forgets positions every standby has replayed, keeping the last
// one (the next poll compares against it).
func (r *readRouter) prune(replayed uint64) {
	i := 0
	for i < len(r.samples)-1 && r.samples[i].lsn <= replayed {
		i++
	}
	if over := len(r.samples) - i - maxSamples; over > 0 {
		i += over
	}
	r.samples = append(r.samples[:0], r.samples[i:]...)
}

// logLagTransition logs when a standby passes MaxLag and when it is back
// within it: the event, not every read it redirects (those are counted).
func (r *readRouter) logLagTransition(rep *replica, lag time.Duration) {
	over := lag > r.maxLag
	if over == rep.lagging {
		return
	}
	rep.lagging = over
	if over {
		r.log.Warn("read replica lags past the bound: its reads go to the primary", "replica", rep.name, "lag", lag.Round(time.Millisecond), "max_lag", r.maxLag)
	} else {
		r.log.Info("read replica back within the lag bound", "replica", rep.name, "lag", lag.Round(time.Millisecond))
	}
}
