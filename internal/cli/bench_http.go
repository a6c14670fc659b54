package cli

import (
	"context"
	"time"

	"dancu/internal/bench"
	"dancu/internal/sqlstore"
)

// benchServer serves db on a free local port for a wrk scenario and
// returns its base URL. stop shuts the server down and waits for it, so
// its audit writer commits and checkpoints before the caller closes db.
func (a *app) benchServer(ctx context.Context, db *sqlstore.DB) (base string, stop func(), err error) {
	ctx, cancel := context.WithCancel(ctx)
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- a.serveQuiet(ctx, db, addrc) }()
	select {
	case addr := <-addrc:
		return "http://" + addr, func() { cancel(); <-errc }, nil
	case err := <-errc:
		cancel()
		return "", nil, err
	}
}

// wrkPair warms the server up with script (unmeasured: the first requests
// open pool connections, prepare statements and fault in pages), then for
// each connection count measures /healthz and the scenario back to back
// in the same run and hands both to report, with what the scenario's run
// used of the CPU.
func wrkPair(ctx context.Context, base, script string, d time.Duration, conns []int, report func(n int, health, run bench.WrkResult, use bench.RunUsage) error) error {
	if _, err := bench.Wrk(ctx, base, 3*time.Second, conns[0], script); err != nil {
		return err
	}
	for _, n := range conns {
		health, err := bench.Wrk(ctx, base+"/healthz", d, n, "")
		if err != nil {
			return err
		}
		before := bench.SampleUsage()
		run, err := bench.Wrk(ctx, base, d, n, script)
		if err != nil {
			return err
		}
		use := bench.SampleUsage().Since(before, run.Requests)
		if err := report(n, health, run, use); err != nil {
			return err
		}
	}
	return nil
}
