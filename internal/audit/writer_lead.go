package audit

import "context"

// lead holds the commit role: it takes the queued entries as one batch,
// commits them, hands the role on, and answers the batch once it is
// durable. The caller's own entry is in the batch unless more than
// MaxBatch entries queued before it; a later leader then commits it.
func (w *Writer) lead() {
	if w.unsynced && w.cfg.Spool == nil {
		// At most one committed batch waits for its fsync to begin: until
		// then the leader holds the role and entries gather behind it,
		// so under load a commit carries many of them.
		//
		// Not for a spool: its commit is one write of the batch, cheap to
		// repeat, and a batch spooled while a sync runs is covered by the
		// next sync. Waiting for that sync to begin instead put the batch
		// in the sync after it: a third fdatasync of wait for a read that
		// arrived while one ran and another was due.
		w.syncer.waitCovered()
	}
	batch := w.takeBatch()
	if len(batch) == 0 {
		w.handOver()
		return
	}
	gen, signed, err := w.commit(batch)
	w.handOver()
	if err == nil && w.unsynced {
		err = w.syncer.through(gen)
	}
	if err == nil {
		w.published(signed)
	}
	for _, r := range batch {
		r.done <- err
	}
}

// takeBatch removes up to MaxBatch queued requests, oldest first.
func (w *Writer) takeBatch() []*request {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := min(len(w.pending), w.cfg.MaxBatch)
	batch := make([]*request, n)
	copy(batch, w.pending)
	rest := copy(w.pending, w.pending[n:])
	clear(w.pending[rest:])
	w.pending = w.pending[:rest]
	return batch
}

// handOver passes the commit role to the oldest caller still waiting, or
// releases it when nothing is queued. Entries whose callers gave up are
// still committed, by a goroutine of their own if no caller waits.
func (w *Writer) handOver() {
	w.mu.Lock()
	for _, r := range w.pending {
		if r.state.CompareAndSwap(reqWaiting, reqLeading) {
			w.mu.Unlock()
			r.done <- errLead
			return
		}
	}
	if len(w.pending) > 0 {
		w.mu.Unlock()
		go w.lead()
		return
	}
	w.committing = false
	w.idle.Broadcast()
	w.mu.Unlock()
}

// commit chains and stores one batch, or spools it. With a SyncStore or a
// Spool the commit is not yet durable: gen is its place in the syncer's
// order.
func (w *Writer) commit(batch []*request) (gen int64, signed *Checkpoint, err error) {
	entries := make([]Entry, len(batch))
	for i, r := range batch {
		entries[i] = r.e
	}
	if w.cfg.Spool != nil {
		if err := w.cfg.Spool.Spool(entries); err != nil {
			return 0, nil, err
		}
		w.signSpooled(len(entries))
		return w.syncer.committed(), nil, nil
	}
	now := w.cfg.Now()
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
	ss, ok := w.cfg.Store.(SyncStore)
	if !ok {
		return 0, signed, w.cfg.Store.AppendAudit(context.Background(), build)
	}
	if err := ss.AppendAuditUnsynced(context.Background(), build); err != nil {
		return 0, nil, err
	}
	return w.syncer.committed(), signed, nil
}

// signSpooled starts a checkpoint in the background once CheckpointEvery
// entries have been spooled since the last one began: the chain's
// transaction moves them first, so the checkpoint covers them. No caller
// waits for it; one runs at a time.
func (w *Writer) signSpooled(n int) {
	if w.spooled.Add(int64(n)) < int64(w.cfg.CheckpointEvery) || !w.spoolSigning.CompareAndSwap(false, true) {
		return
	}
	w.spooled.Store(0)
	w.signing.Add(1)
	go func() {
		defer w.signing.Done()
		defer w.spoolSigning.Store(false)
		if err := w.checkpoint(); err != nil {
			w.cfg.OnError(err)
		}
	}()
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

// published hands a durable checkpoint to OnCheckpoint. Leaders publish
// concurrently, so one overtaken by a newer checkpoint is dropped: the
// newer one covers it.
func (w *Writer) published(cp *Checkpoint) {
	if cp == nil || w.cfg.OnCheckpoint == nil {
		return
	}
	w.pubMu.Lock()
	defer w.pubMu.Unlock()
	if cp.Seq <= w.pubSeq {
		return
	}
	w.pubSeq = cp.Seq
	w.cfg.OnCheckpoint(*cp)
}

func (w *Writer) maySign() bool { return w.cfg.MaySign == nil || w.cfg.MaySign() }
