package audit

import "sync"

// syncer makes committed batches durable with as few fsyncs as possible:
// one sync covers every batch committed before it began (SyncAudit of the
// chain, or SyncSpool of a spool). Batches are
// numbered in commit order (generations).
type syncer struct {
	sync func() error
	mu   sync.Mutex
	cond *sync.Cond // broadcast when a round begins or ends
	// last committed, last covered by a round that began, last made durable
	lastCommit, started, synced int64
	// failedThrough is the highest generation covered by a failed round:
	// its pages may be lost even if a later fsync succeeds.
	failedThrough int64
	failure       error
	round         *syncRound
}

// syncRound is one SyncAudit covering generations up to target.
type syncRound struct {
	target int64
	done   chan struct{}
	err    error
}

func (s *syncer) init(syncFn func() error) {
	s.sync = syncFn
	s.cond = sync.NewCond(&s.mu)
}

// committed numbers a batch that has just committed (commits are
// serialised by the writer's commit role).
func (s *syncer) committed() int64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lastCommit++
	return s.lastCommit
}

// waitCovered returns once every committed batch is covered by a round
// that has begun.
func (s *syncer) waitCovered() {
	s.mu.Lock()
	for s.lastCommit > s.started {
		s.cond.Wait()
	}
	s.mu.Unlock()
}

// through returns once generation gen is durable, running the round
// itself when none is under way.
func (s *syncer) through(gen int64) error {
	s.mu.Lock()
	for {
		if gen <= s.failedThrough {
			err := s.failure
			s.mu.Unlock()
			return err
		}
		if gen <= s.synced {
			s.mu.Unlock()
			return nil
		}
		if r := s.round; r != nil {
			s.mu.Unlock()
			<-r.done
			if gen <= r.target {
				return r.err
			}
			s.mu.Lock()
			continue
		}
		r := &syncRound{target: s.lastCommit, done: make(chan struct{})}
		s.round, s.started = r, r.target
		s.cond.Broadcast()
		s.mu.Unlock()
		r.err = s.sync()
		s.mu.Lock()
		if r.err != nil {
			s.failedThrough, s.failure = max(s.failedThrough, r.target), r.err
		} else {
			s.synced = max(s.synced, r.target)
		}
		s.round = nil
		s.cond.Broadcast()
		s.mu.Unlock()
		close(r.done)
		return r.err
	}
}
