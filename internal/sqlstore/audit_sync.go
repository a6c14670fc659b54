package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"os"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// The chain's appends on SQLite commit with synchronous=NORMAL on their own
// connection (no fsync at commit), and the chain fsyncs the audit file's
// WAL itself before anyone relies on an append: AppendAudit syncs before
// it returns, and audit.Writer's group commits (AppendAuditUnsynced) are
// answered only after a SyncAudit that began once they had committed. So
// the writer commits the next batch while the previous one's fsync runs,
// and nothing is acknowledged before it would survive a power loss.
//
// Why that is as durable as synchronous=FULL: a commit's frames are in
// the WAL when COMMIT returns, and an fsync of the WAL file (any
// descriptor of it) makes them durable; a checkpoint under NORMAL fsyncs
// the WAL before copying it and the database file before the WAL is
// reused, so frames already acknowledged are never overwritten before
// they are safe in the database file.

// AppendAuditUnsynced implements audit.SyncStore: AppendAudit without
// waiting for the fsync (SQLite), or AppendAudit itself (PostgreSQL, whose
// commits are durable).
func (d *AuditLog) AppendAuditUnsynced(ctx context.Context, build func(audit.Head) (audit.Batch, error)) error {
	if tx := txFrom(ctx); tx != nil {
		return d.appendIntents(ctx, tx, build)
	}
	_, err := d.appendChainRetrying(ctx, build, false)
	return err
}

// SyncAudit implements audit.SyncStore: it fsyncs the audit file's WAL,
// which makes every append committed before the call durable.
func (d *AuditLog) SyncAudit(context.Context) error {
	if d.dialect.name != "sqlite" {
		return nil
	}
	through := d.chain.journal.committedThrough() // committed before the fsync
	if err := d.chain.syncWAL(); err != nil {
		return err
	}
	d.chain.journal.synced(through)
	return nil
}

// syncWAL fsyncs the audit file's WAL. A failed fsync may have dropped the
// dirty pages it was given, and a later one can succeed without them
// (PostgreSQL's "fsyncgate"): after one failure every later sync fails,
// and the server must be restarted, which recovers from the file.
func (c *auditChain) syncWAL() error {
	c.walMu.Lock()
	defer c.walMu.Unlock()
	if c.walErr != nil {
		return c.walErr
	}
	if err := c.openWAL(); err != nil {
		return apperr.Wrap(err, "open the audit log's WAL to sync it")
	}
	if err := c.wal.Sync(); err != nil {
		c.walErr = fmt.Errorf("audit log: fsync of %s failed, restart the server: %w", c.walPath, err)
		return c.walErr
	}
	c.syncs.Add(1)
	return nil
}

// openWAL opens the WAL file, again if SQLite replaced it (it deletes the
// WAL when its last connection closes).
func (c *auditChain) openWAL() error {
	if c.walPath == "" {
		return errNoWAL
	}
	cur, err := os.Stat(c.walPath)
	if err != nil {
		return err
	}
	if c.wal != nil {
		if held, err := c.wal.Stat(); err == nil && os.SameFile(held, cur) {
			return nil
		}
		c.wal.Close()
		c.wal = nil
	}
	f, err := os.OpenFile(c.walPath, os.O_RDWR, 0)
	if err != nil {
		return err
	}
	c.wal = f
	return nil
}

// closeWAL releases the WAL's descriptor.
func (c *auditChain) closeWAL() {
	c.walMu.Lock()
	defer c.walMu.Unlock()
	if c.wal != nil {
		c.wal.Close()
		c.wal = nil
	}
}

// errNoWAL reports a chain without a WAL file of its own to sync.
var errNoWAL = errors.New("audit log: no WAL file to sync")

// AuditSyncs counts the fsyncs that made the chain's appends durable since
// Open: of the audit file's WAL on SQLite, and one per commit on
// PostgreSQL, whose commits sync.
func (d *DB) AuditSyncs() int64 {
	if d.dialect.name == "sqlite" {
		return d.chain.syncs.Load()
	}
	return d.chain.commits.Load()
}

// Spool is the audit journal reads' entries are spooled to (audit.Spool),
// or nil where there is none: on PostgreSQL, whose group commits use the
// chain's own connections, and in a process that opened the register
// while another held its journal.
func (d *AuditLog) Spool() audit.Spool {
	if d.chain.journal == nil {
		return nil
	}
	return d.chain.journal
}

// AuditSpoolStats counts the entries spooled to the audit journal and the
// fdatasyncs that made them durable since Open.
func (d *DB) AuditSpoolStats() (entries, syncs int64) {
	if d.chain.journal == nil {
		return 0, 0
	}
	return d.chain.journal.entries.Load(), d.chain.journal.syncs.Load()
}

// AuditJournalSyncTimes counts the journal's fdatasyncs by duration: up
// to each of AuditJournalSyncBounds, then slower (all zero without a
// journal).
func (d *DB) AuditJournalSyncTimes() [len(AuditJournalSyncBounds) + 1]int64 {
	var n [len(AuditJournalSyncBounds) + 1]int64
	if d.chain.journal == nil {
		return n
	}
	for i := range n {
		n[i] = d.chain.journal.syncTimes[i].Load()
	}
	return n
}
