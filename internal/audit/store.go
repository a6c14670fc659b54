package audit

import (
	"context"
	"crypto/ed25519"
	"time"
)

// Head is the end of the stored chain and its newest checkpoint.
type Head struct {
	Seq            int64
	Hash           Hash
	CheckpointSeq  int64
	CheckpointTime time.Time
}

// Batch is what one append transaction writes: records that continue the
// chain from the head it was built on, and optionally a checkpoint.
type Batch struct {
	Records    []Record
	Checkpoint *Checkpoint
}

// Store is the append side of storage.
type Store interface {
	// AppendAudit runs build with the current head while holding the log's
	// write lock, then stores its batch in the same transaction, so
	// writers in several processes still form one chain.
	AppendAudit(ctx context.Context, build func(Head) (Batch, error)) error
	// AddAuditKey records a checkpoint public key (idempotent).
	AddAuditKey(ctx context.Context, pub ed25519.PublicKey, at time.Time) error
}

// SyncStore is a Store whose group commits can be made durable apart from
// their commit. The Writer then commits the next batch while the
// previous one's fsync runs, and answers a batch's callers only after a
// SyncAudit that began once that batch had committed: the same guarantee
// (no disclosure before its entry is durable), with the fsync off the
// chain's critical path.
type SyncStore interface {
	Store
	// AppendAuditUnsynced is AppendAudit whose commit may not survive a
	// power loss until the next SyncAudit returns.
	AppendAuditUnsynced(ctx context.Context, build func(Head) (Batch, error)) error
	// SyncAudit makes every append committed before the call durable.
	SyncAudit(ctx context.Context) error
}

// Spool keeps entries durable outside the chain until the store moves
// them onto it, exactly once and in the order spooled; the chain numbers
// and links them then, as it does a change's intents. A disclosure then
// waits for one append to a flat file and its fsync instead of a chain
// transaction (the B-tree pages of the log and its indexes, and their
// locks); the chain's indexes are built behind, in large batches.
type Spool interface {
	// Spool writes entries; they may not survive a power loss until the
	// next SyncSpool returns.
	Spool(entries []Entry) error
	// SyncSpool makes every Spool that returned before the call durable.
	SyncSpool() error
}

// Filter selects entries for auditors and the citizen tracker. Zero fields
// do not filter. Results come newest first.
type Filter struct {
	CitizenID string
	UserID    string
	AgencyID  string
	From, To  time.Time // From inclusive, To exclusive
	// WithoutConfidential drops confidential entries (the citizen view).
	WithoutConfidential bool
	// Before pages: only entries with seq < Before (0: from the newest).
	Before int64
	Limit  int
}

// Reader is the read side of storage: verification and queries.
type Reader interface {
	// AuditRecords returns up to limit records with seq > after, in order.
	AuditRecords(ctx context.Context, after int64, limit int) ([]Record, error)
	AuditCheckpoints(ctx context.Context) ([]Checkpoint, error)
	AuditKeys(ctx context.Context) ([]ed25519.PublicKey, error)
	AuditEntries(ctx context.Context, f Filter) ([]Record, error)
}
