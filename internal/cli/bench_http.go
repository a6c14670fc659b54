package cli

import (
	"context"
	"time"

	"dancu/internal/bench"
	"dancu/internal/sqlstore"
)

// benchServer serves db on a free local port for a wrk scenario and
// returns its base URL; the server stops when ctx ends.
func (a *app) benchServer(ctx context.Context, db *sqlstore.DB) (string, error) {
	addrc := make(chan string, 1)
	errc := make(chan error, 1)
	go func() { errc <- a.serveQuiet(ctx, db, addrc) }()
	select {
	case addr := <-addrc:
		return "http://" + addr, nil
	case err := <-errc:
		return "", err
	}
}

// wrkPair warms the server up with script (unmeasured: the first requests
// open pool connections, prepare statements and fault in pages), then for
// each connection count measures /healthz and the scenario back to back
// in the same run and hands both to report.
func wrkPair(ctx context.Context, base, script string, d time.Duration, conns []int, report func(n int, health, run bench.WrkResult) error) error {
	if _, err := bench.Wrk(ctx, base, 3*time.Second, conns[0], script); err != nil {
		return err
	}
	for _, n := range conns {
		health, err := bench.Wrk(ctx, base+"/healthz", d, n, "")
		if err != nil {
			return err
		}
		run, err := bench.Wrk(ctx, base, d, n, script)
		if err != nil {
			return err
		}
		if err := report(n, health, run); err != nil {
			return err
		}
	}
	return nil
}
