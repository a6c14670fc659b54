package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// A change's audit entry commits in the change's own transaction, as an
// intent row of the register (audit_intents), and a mover puts it on the
// chain right after the commit: woken by every commit of InTx and of an
// import, and polling for other processes' intents. The intent is as
// durable as the change, so the change's response may leave at commit.
//
// Exactly once: on PostgreSQL the move deletes the intents it appends in
// the chain's transaction (one database). On SQLite the chain's file
// records the highest intent id it holds in the same transaction as the
// entries; intents at or below it are skipped, and pruned from the
// register later. Intent ids follow commit order there (one writer at a
// time, AUTOINCREMENT never reuses an id).

// intentPoll is the mover's poll. A change's commit wakes it at once for
// its intents; reads' spooled entries wait for the poll (or journalNudgeAt
// of them). Fewer, larger moves let entries share the chain's index
// leaves and its checkpoints: with the citizens' index not yet keyed by
// span, at 250 ms an OIDC flow wrote ~19 KB, at 1 s ~12 KB (bench oidc's
// count, ~5 KB of HTTP included; see chainCheckpointEvery).
const (
	intentPoll      = time.Second
	intentMoveBatch = 1000
	intentPruneEach = time.Minute
)

// appendIntents stores the entries build chains as intents in the change's
// transaction q. build sees an empty head: the numbers and hashes it gives
// are not kept; the chain assigns them when the entries move.
func (d *DB) appendIntents(ctx context.Context, q queryer, build func(audit.Head) (audit.Batch, error)) error {
	b, err := build(audit.Head{})
	if err != nil {
		return err
	}
	if b.Checkpoint != nil {
		return apperr.New(apperr.Internal, "audit: a checkpoint cannot be signed inside a change's transaction")
	}
	for _, r := range b.Records {
		c := r.Canonical
		if c == nil {
			c = audit.Canonical(r.Entry.Normalize())
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO audit_intents (entry) VALUES ($1)`, c); err != nil {
			return apperr.Wrap(err, "record the change's audit entry")
		}
	}
	return nil
}

// nudgeIntents wakes the mover after a commit that may have written intents.
func (d *DB) nudgeIntents() {
	select {
	case d.intentNudge <- struct{}{}:
	default:
	}
}

// intentLoop moves intents onto the chain until stop closes.
func (d *DB) intentLoop(stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	poll := time.NewTicker(intentPoll)
	defer poll.Stop()
	lastPrune := time.Now()
	for {
		select {
		case <-stop:
			return
		case <-d.intentNudge:
		case <-poll.C:
		}
		ctx, cancel := context.WithTimeout(withMovePause(context.Background(), sleepBackgroundMovePause), 30*time.Second)
		// A failure (a busy database) only postpones the move: the intents
		// stay, durable, in the register.
		d.caps.auditLog.MoveIntents(ctx)
		if time.Since(lastPrune) >= intentPruneEach {
			d.pruneIntents(ctx)
			d.pruneKeys(ctx)
			lastPrune = time.Now()
		}
		cancel()
	}
}

// MoveIntents puts every committed intent, and every entry spooled in the
// audit journal, on the chain.
func (d *AuditLog) MoveIntents(ctx context.Context) error {
	for {
		pending, err := d.intentsPending(ctx)
		if err != nil || !pending {
			return err
		}
		moved, err := d.appendChainRetrying(ctx, func(audit.Head) (audit.Batch, error) { return audit.Batch{}, nil }, true)
		if err != nil {
			return err
		}
		// Durable before the register's copies are pruned and before the
		// journal is rewound over them.
		if err := d.SyncAudit(ctx); err != nil {
			return err
		}
		if moved < intentMoveBatch {
			return nil // a later move takes what arrived meanwhile
		}
	}
}

// moveJournalOn appends the journal's pending entries after head inside
// the chain's transaction tx, records the highest jseq moved in the same
// transaction, and advances head past them. It returns how many it moved
// and that jseq.
func (d *DB) moveJournalOn(ctx context.Context, tx *sql.Tx, head *audit.Head) (int, int64, error) {
	recs := d.chain.journal.toMove(journalMoveBatch)
	if len(recs) == 0 {
		return 0, 0, nil
	}
	entries := make([]audit.Entry, len(recs))
	for i, r := range recs {
		e, err := audit.ParseCanonical(r.entry)
		if err != nil {
			// Only damage writes this (each record passed its CRC): stop,
			// loudly, rather than put something else on the chain.
			return 0, 0, fmt.Errorf("audit journal entry %d does not decode: %w", r.jseq, err)
		}
		entries[i] = e
	}
	through := recs[len(recs)-1].jseq
	if err := d.chainMovedOn(ctx, tx, head, entries, "audit_journal_moved", through); err != nil {
		return 0, 0, err
	}
	return len(entries), through, nil
}

// chainMovedOn appends entries moved from elsewhere after head inside the
// chain's transaction tx, records in the same transaction the highest id
// moved (through) in the one-row mark table (none: ""), and advances head
// past them.
func (d *DB) chainMovedOn(ctx context.Context, tx *sql.Tx, head *audit.Head, entries []audit.Entry, mark string, through int64) error {
	recs := audit.Chain(head.Seq, head.Hash, entries)
	if err := d.insertAuditRecords(ctx, tx, recs); err != nil {
		return err
	}
	if mark != "" {
		if _, err := tx.ExecContext(ctx, `INSERT INTO `+mark+` (one, through) VALUES (1, $1)
			ON CONFLICT (one) DO UPDATE SET through = excluded.through`, through); err != nil {
			return apperr.Wrap(err, "record the entries moved (%s)", mark)
		}
	}
	last := recs[len(recs)-1]
	head.Seq, head.Hash = last.Seq, last.Hash
	return nil
}

// intentsPending tells whether the journal holds entries, or the register
// intents, the chain may lack: on PostgreSQL any (moved ones are deleted; ids need not commit in
// order), on SQLite an id above the chain's mark.
func (d *DB) intentsPending(ctx context.Context) (bool, error) {
	if d.chain.journal.hasPending() {
		return true, nil
	}
	if d.dialect.name == "postgres" {
		var some bool
		if err := d.hotRow(ctx, `SELECT EXISTS (SELECT 1 FROM audit_intents)`).Scan(&some); err != nil {
			return false, apperr.Wrap(err, "look for audit intents")
		}
		return some, nil
	}
	var newest sql.NullInt64
	if err := d.hotRow(ctx, `SELECT max(id) FROM audit_intents`).Scan(&newest); err != nil {
		return false, apperr.Wrap(err, "look for audit intents")
	}
	return newest.Valid && newest.Int64 > d.chain.through.Load(), nil
}

// moveIntentsOn appends pending intents after head inside the chain's
// transaction tx, and advances head past them. It returns how many it
// moved and the highest id among them.
func (d *DB) moveIntentsOn(ctx context.Context, tx *sql.Tx, head *audit.Head) (int, int64, error) {
	ids, entries, err := d.takeIntents(ctx, tx)
	if err != nil || len(entries) == 0 {
		return 0, 0, err
	}
	through := ids[len(ids)-1]
	mark := "" // PostgreSQL deletes the intents it moves
	if d.dialect.name == "sqlite" {
		mark = "audit_intents_moved"
	}
	if err := d.chainMovedOn(ctx, tx, head, entries, mark, through); err != nil {
		return 0, 0, err
	}
	return len(entries), through, nil
}

// takeIntents reads the next intents in id order: on PostgreSQL deleting
// them in tx; on SQLite from the register, after the chain's mark.
func (d *DB) takeIntents(ctx context.Context, tx *sql.Tx) ([]int64, []audit.Entry, error) {
	var rows *sql.Rows
	var err error
	if d.dialect.name == "postgres" {
		rows, err = tx.QueryContext(ctx, `DELETE FROM audit_intents WHERE id IN
			(SELECT id FROM audit_intents ORDER BY id LIMIT $1) RETURNING id, entry`, intentMoveBatch)
	} else {
		var through int64
		err = tx.QueryRowContext(ctx, `SELECT through FROM audit_intents_moved`).Scan(&through)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return nil, nil, apperr.Wrap(err, "read the audit intents' mark")
		}
		// Committed already: safe to remember before this move commits.
		d.chain.through.Store(max(d.chain.through.Load(), through))
		rows, err = d.sql.QueryContext(ctx, `SELECT id, entry FROM audit_intents WHERE id > $1 ORDER BY id LIMIT $2`, through, intentMoveBatch)
	}
	if err != nil {
		return nil, nil, apperr.Wrap(err, "read audit intents")
	}
	defer rows.Close()
	type intent struct {
		id int64
		e  audit.Entry
	}
	var all []intent
	for rows.Next() {
		var it intent
		var b []byte
		if err := rows.Scan(&it.id, &b); err != nil {
			return nil, nil, apperr.Wrap(err, "read audit intents")
		}
		if it.e, err = audit.ParseCanonical(b); err != nil {
			// Only a damaged register writes this: stop, loudly, rather
			// than put something else on the chain.
			return nil, nil, fmt.Errorf("audit intent %d does not decode: %w", it.id, err)
		}
		all = append(all, it)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, apperr.Wrap(err, "read audit intents")
	}
	slices.SortFunc(all, func(a, b intent) int { return int(a.id - b.id) })
	ids, entries := make([]int64, len(all)), make([]audit.Entry, len(all))
	for i, it := range all {
		ids[i], entries[i] = it.id, it.e
	}
	return ids, entries, nil
}

// pruneIntents deletes the register's intents the chain already holds
// (SQLite; PostgreSQL deletes them as it moves them).
func (d *DB) pruneIntents(ctx context.Context) {
	if d.dialect.name != "sqlite" {
		return
	}
	var through int64
	if err := d.chain.sql.QueryRowContext(ctx, `SELECT through FROM audit_intents_moved`).Scan(&through); err != nil {
		return
	}
	// The mark may be another process's move, committed but not yet
	// synced: an fsync of the WAL makes it durable before the register's
	// copies go.
	if err := d.caps.auditLog.SyncAudit(ctx); err != nil {
		return
	}
	d.sql.ExecContext(ctx, `DELETE FROM audit_intents WHERE id <= $1`, through)
}
