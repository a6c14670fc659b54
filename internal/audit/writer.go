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
	Now    func() time.Time // default time.Now
	// CheckpointEvery entries (default 1,000) or CheckpointInterval
	// (default 10 s), whichever comes first.
	CheckpointEvery    int
	CheckpointInterval time.Duration
	// MaxBatch bounds one append transaction (default 1,000 entries).
	MaxBatch int
	// Linger is how long the writer gathers entries before committing
	// (default 250 µs, the best of 0, 200 µs, 1 ms and 2 ms in
	// BenchmarkAuditRecord; negative: commit at once with what is waiting).
	// The writer lingers only under load, when its previous batch held
	// more than lingerAbove entries: with a few callers a wait only adds
	// to each one's latency, since they have nothing more to send.
	Linger time.Duration
	// OnError receives failures of background checkpoints (no caller
	// waits for those); default: ignored.
	OnError func(error)
	// OnCheckpoint receives each checkpoint once it is durable, to
	// publish outside the database (see Checkpoint.String). It runs on one
	// of the writer's goroutines: it must not block.
	OnCheckpoint func(Checkpoint)
	// MaySign says whether this writer signs checkpoints now (nil:
	// always). Several servers on one database append entries through
	// their own writers, serialised by the store, but only the holder of
	// the signer lease signs, so the signed heads form one sequence.
	MaySign func() bool
}

// Writer is the group-commit audit writer. Record hands an entry to one
// goroutine and waits until the batch holding it is committed, so a
// disclosure is never sent unrecorded; that goroutine chains and stores
// whatever accumulated during the previous commit as one transaction.
// Under load a commit carries hundreds of entries, so the cost per entry
// is a few microseconds instead of a transaction.
type Writer struct {
	cfg  WriterConfig
	reqs chan request
	// With a SyncStore, committed batches wait in unsynced for the syncer
	// goroutine (syncLoop), which closes syncDone when it stops. syncing
	// is set while it runs a SyncAudit, and syncIdle gets a token after.
	sync     SyncStore
	unsynced chan syncWait
	syncDone chan struct{}
	syncing  atomic.Bool
	syncIdle chan struct{}
	// lastBatch is the size of the previous commit (the loop's own).
	lastBatch int
	force     chan chan error
	quit      chan struct{}
	done      chan struct{}
	once      sync.Once
	closed    error
	// waiting counts Record calls not yet answered: entries handed over
	// or queued to be, not yet committed (operators' queue depth).
	waiting atomic.Int64
}

type request struct {
	e    Entry
	done chan error
}

var errClosed = errors.New("audit: log writer is closed")

// NewWriter registers the signer's public key and starts the writer.
func NewWriter(ctx context.Context, cfg WriterConfig) (*Writer, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.CheckpointEvery <= 0 {
		cfg.CheckpointEvery = 1000
	}
	if cfg.CheckpointInterval <= 0 {
		cfg.CheckpointInterval = 10 * time.Second
	}
	if cfg.MaxBatch <= 0 {
		cfg.MaxBatch = 1000
	}
	if cfg.Linger == 0 {
		cfg.Linger = 250 * time.Microsecond
	}
	if cfg.OnError == nil {
		cfg.OnError = func(error) {}
	}
	if err := cfg.Store.AddAuditKey(ctx, cfg.Signer.Public(), cfg.Now()); err != nil {
		return nil, fmt.Errorf("audit: register checkpoint key: %w", err)
	}
	w := &Writer{cfg: cfg, reqs: make(chan request), force: make(chan chan error),
		quit: make(chan struct{}), done: make(chan struct{})}
	if ss, ok := cfg.Store.(SyncStore); ok {
		// A few batches in flight at most: past that the syncer is the
		// bottleneck, and the writer waits instead of queueing commits.
		w.sync, w.unsynced, w.syncDone = ss, make(chan syncWait, 4), make(chan struct{})
		w.syncIdle = make(chan struct{}, 1)
		go w.syncLoop()
	}
	go w.loop()
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
	req := request{e: e, done: make(chan error, 1)}
	w.waiting.Add(1)
	defer w.waiting.Add(-1)
	select {
	case w.reqs <- req:
	case <-w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-req.done:
		return err
	case <-ctx.Done():
		// The entry may still be committed; recorded but not sent is the
		// safe side.
		return ctx.Err()
	}
}

// Waiting is how many entries callers of Record are waiting to see
// committed: near zero when the chain keeps up, growing when it does not.
func (w *Writer) Waiting() int64 { return w.waiting.Load() }

// Checkpoint signs the current head now (if it is not signed yet).
func (w *Writer) Checkpoint(ctx context.Context) error {
	done := make(chan error, 1)
	select {
	case w.force <- done:
	case <-w.quit:
		return errClosed
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Close commits what is queued, signs a last checkpoint and stops.
func (w *Writer) Close() error {
	w.once.Do(func() {
		close(w.quit)
		<-w.done
	})
	return w.closed
}
