package cli

import (
	"context"
	"fmt"
	"time"

	"dancu/internal/bench"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
)

// runVerifyReplicaBench measures agency verifications on the primary
// alone and on the primary with its standbys (--db-read), back to back
// at each connection count, on the same register: the single-server
// figure is the same-run reference. Where the routed reads ran is read
// from the store's own routing counts.
func (a *app) runVerifyReplicaBench(ctx context.Context, single *sqlstore.DB, primaryDSN, engine string, script string, d time.Duration, conns []int) error {
	routed, err := sqlstore.Open(ctx, primaryDSN, sqlstore.Options{Units: units.Default(), Replicas: a.dbRead.options(a)})
	if err != nil {
		return fmt.Errorf("open the primary with --db-read: %w", err)
	}
	defer routed.Close() // after the servers' context is cancelled
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	oneBase, stopOne, err := a.benchServer(ctx, single)
	if err != nil {
		return err
	}
	defer stopOne()
	pairBase, stopPair, err := a.benchServer(ctx, routed)
	if err != nil {
		return err
	}
	defer stopPair()
	for _, base := range []string{oneBase, pairBase} { // warm-up, unmeasured
		if _, err := bench.Wrk(ctx, base, 3*time.Second, conns[0], script); err != nil {
			return err
		}
	}
	for _, n := range conns {
		// single, pair, single: the pair's run is bracketed by the
		// reference, so a drift of the machine's load shows.
		one, err := bench.Wrk(ctx, oneBase, d, n, script)
		if err != nil {
			return err
		}
		before, _ := routed.ReadStats()
		pair, err := bench.Wrk(ctx, pairBase, d, n, script)
		if err != nil {
			return err
		}
		after, _ := routed.ReadStats()
		again, err := bench.Wrk(ctx, oneBase, d, n, script)
		if err != nil {
			return err
		}
		fmt.Fprintf(a.out, "bench verify %-8s %d connections single server: %s\n", engine, n, one)
		fmt.Fprintf(a.out, "bench verify %-8s %d connections primary + %d standby: %s\n", engine, n, len(a.dbRead.options(a).DSNs), pair)
		fmt.Fprintf(a.out, "bench verify %-8s %d connections single server again: %s\n", engine, n, again)
		ref := (one.RequestsPerSec + again.RequestsPerSec) / 2
		fmt.Fprintf(a.out, "bench verify %-8s %d connections %.0f verifications/s with standby reads vs %.0f on the single server (mean of %.0f and %.0f; %.0f%%); match reads on the standby %d, on the primary %d (fallbacks %v)\n",
			engine, n, pair.RequestsPerSec, ref, one.RequestsPerSec, again.RequestsPerSec, 100*pair.RequestsPerSec/ref,
			after.Replica-before.Replica, after.Primary-before.Primary, after.Fallbacks)
		if errs := one.Errors + pair.Errors + again.Errors; errs > 0 {
			return fmt.Errorf("%d failed requests during the verify benchmark", errs)
		}
	}
	return nil
}
