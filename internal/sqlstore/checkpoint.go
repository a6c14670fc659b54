package sqlstore

import (
	"context"
	"time"
)

// SQLite in WAL mode with synchronous=NORMAL does not sync on commit; it
// syncs when it checkpoints (copies the WAL back into the database). By
// default the commit that crosses 1,000 WAL pages does that checkpoint
// itself, so under a steady stream of small writes (the audit log records
// every disclosure) one request in a few hundred waited for two fsyncs:
// point reads were bound to ~3,400/s, against ~5,000/s with no syncing at
// all. A background goroutine now checkpoints every 200 ms in PASSIVE
// mode (it never blocks readers or writers; small, frequent checkpoints
// kept the p99 at 14 ms where one per second let it reach 40 ms), and the
// commit-time checkpoint only catches a WAL that outgrows it
// (sqliteWALLimitBytes). Measured on 1M citizens, 8 connections: 5,400
// audited point reads/s, p99 14 ms (was 3,400/s, p99 15–33 ms).
const (
	sqliteCheckpointEvery = 200 * time.Millisecond
	// chainCheckpointEvery is the audit file's cadence, a multiple of
	// sqliteCheckpointEvery. A checkpoint writes each dirty page once
	// however often it changed since the last one. When every entry moved
	// onto the chain dirtied a random leaf of the citizens' index (before
	// it was keyed by span, audit_span.go), checkpointing every
	// 200 ms an OIDC flow wrote ~19 KB (~5 KB of it HTTP), and the
	// disclosures' journal fdatasyncs queued behind their fsyncs (42 of
	// 8,000 took 5–20 ms, the token endpoint's p99 25 ms); every 2 s, with
	// the mover's 1 s poll and a signed checkpoint every 20,000 entries,
	// ~12 KB, 8–17 slow syncs, p99 16–22 ms (docs/BENCHMARKS.md, stop 25).
	chainCheckpointEvery = 2 * time.Second
	sqliteWALLimitBytes  = 64 << 20
	sqliteWALLimitPages  = sqliteWALLimitBytes / 4096 // the audit file's 4 KiB pages
	// sqliteWALKeepBytes is what an emptied WAL is truncated to
	// (journal_size_limit): background checkpoints keep the steady-state WAL
	// well under it, and a bulk load's WAL does not stay on disk.
	sqliteWALKeepBytes = 4 << 20
)

// checkpointLoop runs until the DB is closed.
func (d *DB) checkpointLoop(stop <-chan struct{}) {
	t := time.NewTicker(sqliteCheckpointEvery)
	defer t.Stop()
	chainEvery := int(chainCheckpointEvery / sqliteCheckpointEvery)
	for tick := 1; ; tick++ {
		select {
		case <-stop:
			return
		case <-t.C:
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			// Errors (a busy database) only postpone the checkpoint. The
			// audit file too: every group commit of reads' entries appends
			// a few pages to its WAL.
			d.sql.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
			if d.chain.own && tick%chainEvery == 0 {
				d.chain.sql.ExecContext(ctx, `PRAGMA wal_checkpoint(PASSIVE)`)
			}
			cancel()
		}
	}
}
