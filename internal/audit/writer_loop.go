package audit

import (
	"context"
	"slices"
	"time"
)

// loop is the single goroutine that owns the chain's tail.
func (w *Writer) loop() {
	defer close(w.done)
	tick := time.NewTicker(w.cfg.CheckpointInterval)
	defer tick.Stop()
	batch := make([]request, 0, w.cfg.MaxBatch)
	for {
		select {
		case req := <-w.reqs:
			batch = w.gatherWhileSyncing(w.gather(append(batch[:0], req)))
			w.lastBatch = len(batch)
			w.commit(batch)
		case <-tick.C:
			// Always: entries appended inside a change's own transaction
			// (AppendWithin) bypass the writer, so only the stored head
			// tells whether a checkpoint covers them.
			if err := w.checkpoint(); err != nil {
				w.cfg.OnError(err)
			}
		case done := <-w.force:
			done <- w.checkpoint()
		case <-w.quit:
			// Senders blocked before quit closed may still hand over.
			for {
				batch = w.drain(batch[:0])
				if len(batch) == 0 {
					break
				}
				w.commit(batch)
			}
			if w.sync != nil {
				close(w.unsynced)
				<-w.syncDone
			}
			// Always, as on the tick: a change's own entry (AppendWithin)
			// may follow the writer's last commit; checkpoint signs
			// nothing when the stored head is covered already.
			w.closed = w.checkpoint()
			return
		}
	}
}

// lingerAbove is the batch size past which the writer lingers: at or
// below it, as many callers as a few connections hold, the batch commits
// with what is waiting.
const lingerAbove = 4

// gather collects requests for up to Linger after the first one. Without
// the wait a batch holds only the callers that happened to be scheduled
// since the last commit: measured on 2 cores, batches stayed small and
// the writer spent its time on per-transaction costs.
func (w *Writer) gather(batch []request) []request {
	if w.cfg.Linger < 0 || w.lastBatch <= lingerAbove {
		return w.drain(batch)
	}
	timer := time.NewTimer(w.cfg.Linger)
	defer timer.Stop()
	for len(batch) < w.cfg.MaxBatch {
		select {
		case req := <-w.reqs:
			batch = append(batch, req)
		case <-timer.C:
			return batch
		}
	}
	return batch
}

// gatherWhileSyncing keeps gathering while the syncer's fsync runs: the
// batch's callers would wait for that fsync to end anyway, and under load
// a commit's CPU per entry falls as the batch grows (on SQLite a commit
// writes each page it dirtied, however many entries share it). On an idle
// log the syncer is idle too, and the batch commits at once.
func (w *Writer) gatherWhileSyncing(batch []request) []request {
	for w.sync != nil && w.syncing.Load() && len(batch) < w.cfg.MaxBatch {
		select {
		case req := <-w.reqs:
			batch = append(batch, req)
		case <-w.syncIdle:
		}
	}
	return batch
}

// drain takes every request already waiting, up to MaxBatch.
func (w *Writer) drain(batch []request) []request {
	for len(batch) < w.cfg.MaxBatch {
		select {
		case req := <-w.reqs:
			batch = append(batch, req)
		default:
			return batch
		}
	}
	return batch
}

// commit chains and stores one batch and answers every waiting Record, or
// with a SyncStore hands the committed batch to the syncer, which answers
// once it is durable.
func (w *Writer) commit(batch []request) {
	entries := make([]Entry, len(batch))
	for i, r := range batch {
		entries[i] = r.e
	}
	now := w.cfg.Now()
	var signed *Checkpoint
	build := func(h Head) (Batch, error) {
		recs := Chain(h.Seq, h.Hash, entries)
		b := Batch{Records: recs}
		signed = nil
		last := recs[len(recs)-1]
		if w.maySign() && (last.Seq-h.CheckpointSeq >= int64(w.cfg.CheckpointEvery) || now.Sub(h.CheckpointTime) >= w.cfg.CheckpointInterval) {
			cp := w.cfg.Signer.Sign(last.Seq, last.Hash, now)
			b.Checkpoint, signed = &cp, &cp
		}
		return b, nil
	}
	if w.sync != nil {
		if err := w.sync.AppendAuditUnsynced(context.Background(), build); err != nil {
			answer(batch, err)
			return
		}
		// batch is reused by the loop: the syncer keeps its own copy.
		w.unsynced <- syncWait{reqs: slices.Clone(batch), signed: signed}
		return
	}
	err := w.cfg.Store.AppendAudit(context.Background(), build)
	if err == nil {
		w.published(signed)
	}
	answer(batch, err)
}

// syncWait is a committed batch waiting to be durable.
type syncWait struct {
	reqs   []request
	signed *Checkpoint
}

// syncLoop makes committed batches durable: one SyncAudit covers every
// batch committed before it began, and the writer commits the next ones
// meanwhile. Only then are their callers answered and their checkpoint
// published.
func (w *Writer) syncLoop() {
	defer close(w.syncDone)
	var waits []syncWait
	for first := range w.unsynced {
		waits = append(waits[:0], first)
	more:
		for {
			select {
			case s, ok := <-w.unsynced:
				if !ok {
					break more
				}
				waits = append(waits, s)
			default:
				break more
			}
		}
		w.syncing.Store(true)
		err := w.sync.SyncAudit(context.Background())
		w.syncing.Store(false)
		select {
		case w.syncIdle <- struct{}{}:
		default: // a token is waiting already
		}
		for _, s := range waits {
			if err == nil {
				w.published(s.signed)
			}
			answer(s.reqs, err)
		}
	}
}

func answer(reqs []request, err error) {
	for _, r := range reqs {
		r.done <- err
	}
}

// checkpoint signs the stored head unless a checkpoint covers it already.
func (w *Writer) checkpoint() error {
	if !w.maySign() {
		return nil // the signer lease's holder signs
	}
	now := w.cfg.Now()
	var signed *Checkpoint
	err := w.cfg.Store.AppendAudit(context.Background(), func(h Head) (Batch, error) {
		signed = nil
		if h.Seq == 0 || h.CheckpointSeq >= h.Seq {
			return Batch{}, nil
		}
		cp := w.cfg.Signer.Sign(h.Seq, h.Hash, now)
		signed = &cp
		return Batch{Checkpoint: &cp}, nil
	})
	if err == nil {
		w.published(signed)
	}
	return err
}

// published hands a committed checkpoint to OnCheckpoint.
func (w *Writer) published(cp *Checkpoint) {
	if cp != nil && w.cfg.OnCheckpoint != nil {
		w.cfg.OnCheckpoint(*cp)
	}
}

func (w *Writer) maySign() bool { return w.cfg.MaySign == nil || w.cfg.MaySign() }
