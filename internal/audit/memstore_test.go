package audit_test

import (
	"context"
	"crypto/ed25519"
	"sync"
	"time"

	"dancu/internal/audit"
)

// memStore is an in-memory Store and Reader for the domain tests.
type memStore struct {
	mu   sync.Mutex
	recs []audit.Record
	cps  []audit.Checkpoint
	keys []ed25519.PublicKey
	txs  int
}

func (m *memStore) AppendAudit(_ context.Context, build func(audit.Head) (audit.Batch, error)) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var h audit.Head
	if n := len(m.recs); n > 0 {
		h.Seq, h.Hash = m.recs[n-1].Seq, m.recs[n-1].Hash
	}
	if n := len(m.cps); n > 0 {
		h.CheckpointSeq, h.CheckpointTime = m.cps[n-1].Seq, m.cps[n-1].Time
	}
	b, err := build(h)
	if err != nil {
		return err
	}
	m.txs++
	m.recs = append(m.recs, b.Records...)
	if b.Checkpoint != nil {
		m.cps = append(m.cps, *b.Checkpoint)
	}
	return nil
}

func (m *memStore) AddAuditKey(_ context.Context, pub ed25519.PublicKey, _ time.Time) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.keys = append(m.keys, pub)
	return nil
}

func (m *memStore) AuditRecords(_ context.Context, after int64, limit int) ([]audit.Record, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []audit.Record
	for _, r := range m.recs {
		if r.Seq > after && len(out) < limit {
			out = append(out, r)
		}
	}
	return out, nil
}

func (m *memStore) AuditCheckpoints(context.Context) ([]audit.Checkpoint, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]audit.Checkpoint(nil), m.cps...), nil
}

func (m *memStore) AuditKeys(context.Context) ([]ed25519.PublicKey, error) { return m.keys, nil }

func (m *memStore) AuditEntries(context.Context, audit.Filter) ([]audit.Record, error) {
	return nil, nil
}

func (m *memStore) count() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.recs)
}

func (m *memStore) checkpointCount() int {
	m.mu.Lock()
	defer m.mu.Unlock()
	return len(m.cps)
}
