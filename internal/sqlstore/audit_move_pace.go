package sqlstore

import (
	"context"
	"time"
)

// backgroundMovePause is how long the background mover sleeps after each
// multi-row insert of a move (64 rows, ~0.5 ms of work): the move's
// transaction then takes about half of one core while it lasts instead of
// all of it.
//
// Why: at 10,000 verifications a second the mover moves 4,096 entries
// about twice a second, ~56 ms of one core each, and on 2 cores the
// requests in flight meanwhile share the other one. A diagnostic build
// whose mover stayed idle during the benchmark's window had p99 7.0 / 8.5
// ms against 26.5 / 17.0 ms; paced, interleaved with unpaced on the quiet
// machine (stop 26, docs/BENCHMARKS.md): verifications' p99 7.6 / 7.9 /
// 10.1 ms against 13.1 / 14.1 / 11.6 ms, OpenID Connect flows' p99 10.5 /
// 13.8 / 11.7 / 12.4 ms against 12.4 / 15.6 / 11.7 / 14.5 ms.
//
// Only the background mover is paced: a reader of the log, a checkpoint,
// Close, or a spool over its bound moves at full speed, since a caller
// waits for it. The move stays one transaction, so its pages are written
// once; the chain's write lock is held longer, which only those callers
// notice.
const backgroundMovePause = time.Millisecond

type movePauseKey struct{}

// withMovePause makes the moves run under ctx call pause after each
// multi-row insert.
func withMovePause(ctx context.Context, pause func()) context.Context {
	return context.WithValue(ctx, movePauseKey{}, pause)
}

// movePause runs the pause ctx carries, if any.
func movePause(ctx context.Context) {
	if pause, ok := ctx.Value(movePauseKey{}).(func()); ok {
		pause()
	}
}

func sleepBackgroundMovePause() { time.Sleep(backgroundMovePause) }
