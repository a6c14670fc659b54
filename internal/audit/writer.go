package audit

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"
)

// WriterConfig configures a Writer; zero values take the defaults.
type WriterConfig struct {
	Store  Store
	Signer *Signer
	// Spool, when set, takes the batches instead of the chain: a batch is
	// answered once the spool has synced it, and the store moves spooled
	// entries onto the chain behind (see Spool). Checkpoints still sign
	// the chain: every CheckpointEvery spooled entries and every
	// CheckpointInterval, each covering what has moved by then.
	Spool Spool
	Now   func() time.Time // default time.Now
	// CheckpointEvery entries (default 20,000) or CheckpointInterval
	// (default 10 s), whichever comes first.
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// MaxBatch bounds one append transaction (default 1,000 entries).
	MaxBatch int
	// OnError receives failures of background checkpoints (no caller
	// waits for those); default: ignored.
	OnError func(error)
	// OnCheckpoint receives each checkpoint once it is durable, to
	// publish outside the database (see Checkpoint.String). It runs on a
	// caller's goroutine: it must not block. Checkpoints reach it in
	// order; one overtaken by a newer one is skipped.
	OnCheckpoint func(Checkpoint)
	// MaySign says whether this writer signs checkpoints now (nil:
	// always). Several servers on one database append entries through
	// their own writers, serialised by the store, but only the holder of
	// the signer lease signs, so the signed heads form one sequence.
	MaySign func() bool
}

// Writer is the group-commit audit writer. Record queues an entry and
// waits until the batch holding it is committed (and, with a SyncStore,
// durable), so a disclosure is never sent unrecorded.
//
// There is no writer goroutine: the callers commit (leader/follower).
// The first caller that finds no commit running leads: it takes every
// queued entry as one transaction. When that has committed it hands the
// leadership to the first caller that queued meanwhile, and only then
// waits for the fsync, so the next batch commits while this one syncs.
// An entry thus costs no hand-off to a background goroutine; on 2 cores
// the run-queue waits of those goroutines were most of a read's latency
// (docs/BENCHMARKS.md, stop 21).
type Writer struct {
	cfg WriterConfig
	// unsynced is true when a commit is durable only after the syncer's
	// round (a SyncStore or a Spool); false: Store commits durably.
	unsynced bool
	// spooled counts entries spooled since the last checkpoint was
	// started for them; spoolSigning is true while one runs.
	spooled      atomic.Int64
	spoolSigning atomic.Bool
	signing      sync.WaitGroup

	mu         sync.Mutex
	idle       *sync.Cond // signalled when committing turns false
	pending    []*request // queued, not yet taken by a leader
	committing bool       // a leader holds the commit role
	closed     bool
	syncer     syncer

	pubMu  sync.Mutex
	pubSeq int64 // newest checkpoint handed to OnCheckpoint

	stopTimer chan struct{}
	timerDone chan struct{}
	once      sync.Once
	closeErr  error
	// waiting counts Record calls not yet answered (operators' queue
	// depth): near zero when the chain keeps up.
	waiting atomic.Int64
}

// A request's state: a handed-over leadership must reach a caller that
// still waits, so abandoning and leading race through one CAS.
const (
	reqWaiting int32 = iota
	reqLeading
	reqAbandoned
)

type request struct {
	e     Entry
	state atomic.Int32
	done  chan error // errLead, then the commit's outcome
}

var (
	errClosed = errors.New("audit: log writer is closed")
	// errLead tells a waiting caller that it now holds the commit role.
	errLead = errors.New("audit: lead the next batch")
)

// NewWriter registers the signer's public key and starts the
// checkpoint timer.
func NewWriter(ctx context.Context, cfg WriterConfig) (*Writer, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 20000
	}
	if cfg.CheckpointInterval <= 0 {
		cfg.CheckpointInterval = 10 * time.Second
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1000
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	if err := cfg.Store.AddAuditKey(ctx, cfg.Signer.Public(), cfg.Now()); err != nil {
		return nil, fmt.Errorf("audit: register checkpoint key: %w", err)
	}
	w := &Writer{cfg: cfg, stopTimer: make(chan struct{}), timerDone: make(chan struct{})}
	w.idle = sync.NewCond(&w.mu)
	switch ss, ok := cfg.Store.(SyncStore); {
	case cfg.Spool != nil:
		w.unsynced = true
		w.syncer.init(cfg.Spool.SyncSpool)
	case ok:
		w.unsynced = true
		w.syncer.init(func() error { return ss.SyncAudit(context.Background()) })
	}
	go w.timer()
	return w, nil
}

// Record appends e and returns once it is committed. An error means the
// entry may not be stored: the caller must not disclose.
func (w *Writer) Record(ctx context.Context, e Entry) error {
	if e.Time.IsZero() {
		e.Time = w.cfg.Now()
	}
	e = e.Normalize()
	if err := e.Validate(); err != nil {
		return err
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	req := &request{e: e, done: make(chan error, 1)}
	w.waiting.Add(1)
	defer w.waiting.Add(-1)
	w.mu.Lock()
	if w.closed {
		w.mu.Unlock()
		return errClosed
	}
	w.pending = append(w.pending, req)
	lead := !w.committing
	if lead {
		w.committing = true
		req.state.Store(reqLeading)
	}
	w.mu.Unlock()
	if lead {
		w.lead()
	}
	for {
		select {
		case err := <-req.done:
			if err == errLead {
				w.lead()
				continue
			}
			return err
		case <-ctx.Done():
			// The entry is still committed (recorded but not sent is the
			// safe side); only the wait ends. A caller handed the
			// leadership before it could leave must lead first.
			if req.state.CompareAndSwap(reqWaiting, reqAbandoned) {
				return ctx.Err()
			}
			if err := <-req.done; err != errLead {
				return err
			}
			w.lead()
		}
	}
}

// Waiting is how many entries callers of Record are waiting to see
// committed: near zero when the chain keeps up, growing when it does not.
func (w *Writer) Waiting() int64 { return w.waiting.Load() }

// Checkpoint signs the current head now (if it is not signed yet). The
// store serialises it with the batches' commits.
func (w *Writer) Checkpoint(ctx context.Context) error {
	w.mu.Lock()
	closed := w.closed
	w.mu.Unlock()
	if closed {
		return errClosed
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	return w.checkpoint()
}

// Close refuses new entries, waits for the queued ones to be committed,
// signs a last checkpoint and stops the timer.
func (w *Writer) Close() error {
	w.once.Do(func() {
		w.mu.Lock()
		w.closed = true
		for w.committing {
			w.idle.Wait()
		}
		w.mu.Unlock()
		close(w.stopTimer)
		<-w.timerDone
		w.signing.Wait()
		// Always: a change's own entry (AppendWithin) may follow the last
		// batch; checkpoint signs nothing when the head is covered.
		w.closeErr = w.checkpoint()
	})
	return w.closeErr
}

// timer signs a checkpoint every CheckpointInterval. Always, not only
// after batches: entries appended inside a change's own transaction
// (AppendWithin) bypass the writer, so only the stored head tells whether
// a checkpoint covers them.
func (w *Writer) timer() {
	defer close(w.timerDone)
	tick := time.NewTicker(w.cfg.CheckpointInterval)
	defer tick.Stop()
	for {
		select {
		case <-tick.C:
			if err := w.checkpoint(); err != nil {
				w.cfg.OnError(err)
			}
		case <-w.stopTimer:
			return
		}
	}
}
