package sqlstore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// auditLockKey is the PostgreSQL advisory lock that serialises appends
// across processes (SQLite's immediate transactions already do).
const auditLockKey = 0x64616e6375 // "dancu"

const auditColumns = `seq, at, user_id, agency_id, confidential, entry, hash`

const auditColumnCount = 7

// AppendAudit implements audit.Store. Outside a transaction it appends to
// the chain: under the chain's write lock it reads the head, lets build
// chain a batch on it, and stores the batch, in one transaction of the
// chain's own store (audit_chain.go); the audit.Writer's group commits of
// reads' entries come this way.
//
// Called inside a change's transaction (InTx), the entries of the batch
// commit with the change as intent rows (audit_intents.go) and move onto
// the chain right after: build then sees an empty head, and the chain
// numbers and links the entries when they move.
//
// It is AppendAuditUnsynced (audit_sync.go) followed, on the chain, by the
// fsync that makes the append durable before it returns; intents are as
// durable as the change they commit with.
func (d *AuditLog) AppendAudit(ctx context.Context, build func(audit.Head) (audit.Batch, error)) error {
	if err := d.AppendAuditUnsynced(ctx, build); err != nil || txFrom(ctx) != nil {
		return err
	}
	return d.SyncAudit(ctx)
}

// appendChainRetrying is appendChain retried across a PostgreSQL failover.
// An append whose COMMIT outcome is unknown is looked up by its last
// entry's sequence number and hash, which no other append can produce: if
// the chain holds it the append committed, and it is not repeated.
func (d *DB) appendChainRetrying(ctx context.Context, build func(audit.Head) (audit.Batch, error), intents bool) (int, error) {
	if d.dialect.name != "postgres" {
		moved, _, err := d.appendChain(ctx, build, intents)
		return moved, err
	}
	moved := 0
	err := retry(ctx, func() error {
		var last audit.Record
		var err error
		moved, last, err = d.appendChain(ctx, build, intents)
		var unknown *commitUnknown
		if errors.As(err, &unknown) && last.Seq > 0 {
			var hash string
			if qerr := d.chain.sql.QueryRowContext(ctx, `SELECT hash FROM audit_log WHERE seq = $1`, last.Seq).Scan(&hash); qerr == nil && hash == last.Hash.String() {
				d.chain.commits.Add(1)
				d.chain.records.Add(int64(moved) + 1)
				return nil
			}
		}
		return err
	}, func(err error) bool {
		var unknown *commitUnknown
		return errors.As(err, &unknown) || transient(err)
	})
	return moved, err
}

// appendChain runs one append transaction on the chain's store; with
// intents, it first moves the register's pending intents onto the chain,
// and returns how many it moved.
// The last record it stored is returned to look an unknown commit up.
func (d *DB) appendChain(ctx context.Context, build func(audit.Head) (audit.Batch, error), intents bool) (int, audit.Record, error) {
	if d.dialect.name == "postgres" && !intents && d.chain.journal == nil {
		last, stored, err := d.appendChainPipelined(ctx, build)
		if err != nil {
			return 0, last, err
		}
		d.chain.commits.Add(1)
		d.chain.records.Add(int64(stored))
		return 0, last, nil
	}
	var last audit.Record
	tx, release, err := d.chain.beginAppend(ctx, d.dialect.name == "sqlite") // SQLite: BEGIN IMMEDIATE, the chain's lock
	if err != nil {
		return 0, last, apperr.Wrap(err, "begin audit append")
	}
	defer release()
	defer tx.Rollback()
	if d.dialect.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(auditLockKey)); err != nil {
			return 0, last, apperr.Wrap(err, "lock audit log")
		}
	}
	head, err := d.auditHead(ctx, tx)
	if err != nil {
		return 0, last, err
	}
	moved, through := 0, int64(0)
	if intents {
		if moved, through, err = d.moveIntentsOn(ctx, tx, &head); err != nil {
			return 0, last, err
		}
	}
	// Every append moves the spooled reads first: a checkpoint then
	// covers them, and the chain keeps their order.
	spooled, spooledThrough, err := d.moveJournalOn(ctx, tx, &head)
	if err != nil {
		return 0, last, err
	}
	moved += spooled
	b, err := build(head)
	if err != nil {
		return 0, last, err
	}
	if err := d.insertAuditRecords(ctx, tx, b.Records); err != nil {
		return 0, last, err
	}
	if b.Checkpoint != nil {
		if err := d.insertCheckpoint(ctx, tx, *b.Checkpoint); err != nil {
			return 0, last, err
		}
	}
	if n := len(b.Records); n > 0 {
		last = b.Records[n-1]
	}
	if err := tx.Commit(); err != nil {
		if d.dialect.name == "postgres" && transient(err) {
			return 0, last, &commitUnknown{err: err}
		}
		return 0, last, apperr.Wrap(err, "commit audit append")
	}
	if through > 0 {
		// Only now: a reader that saw the mark before this commit would
		// miss these entries.
		d.chain.through.Store(max(d.chain.through.Load(), through))
	}
	if spooledThrough > 0 {
		d.chain.journal.moved(spooledThrough)
	}
	d.chain.commits.Add(1)
	d.chain.records.Add(int64(moved + len(b.Records)))
	return moved, last, nil
}

// The chain's fixed statements.
const (
	auditHeadQuery       = `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`
	auditCheckpointQuery = `SELECT seq, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`
)

func (d *DB) auditHead(ctx context.Context, tx *sql.Tx) (audit.Head, error) {
	entry, err := d.chainStmt(ctx, tx, auditHeadQuery)
	if err != nil {
		return audit.Head{}, apperr.Wrap(err, "read audit head")
	}
	checkpoint, err := d.chainStmt(ctx, tx, auditCheckpointQuery)
	if err != nil {
		return audit.Head{}, apperr.Wrap(err, "read audit checkpoint head")
	}
	return headFrom(func(dest ...any) error { return entry.QueryRowContext(ctx).Scan(dest...) },
		func(dest ...any) error { return checkpoint.QueryRowContext(ctx).Scan(dest...) }, sql.ErrNoRows)
}

// headFrom reads the chain's head from the answers to auditHeadQuery and
// auditCheckpointQuery, scanned in that order; noRows is the driver's
// error for an empty answer (an empty chain, no checkpoint yet).
func headFrom(scanEntry, scanCheckpoint func(dest ...any) error, noRows error) (audit.Head, error) {
	var h audit.Head
	var hash string
	err := scanEntry(&h.Seq, &hash)
	if err != nil && !errors.Is(err, noRows) {
		return h, apperr.Wrap(err, "read audit head")
	}
	if err == nil {
		if h.Hash, err = audit.ParseHash(hash); err != nil {
			return h, apperr.Wrap(err, "read audit head %d", h.Seq)
		}
	}
	var at any
	err = scanCheckpoint(&h.CheckpointSeq, &at)
	if err != nil && !errors.Is(err, noRows) {
		return h, apperr.Wrap(err, "read audit checkpoint head")
	}
	if err == nil {
		if h.CheckpointTime, err = scanTime(at); err != nil {
			return h, apperr.Wrap(err, "read audit checkpoint head")
		}
	}
	return h, nil
}

// insertAuditRecords writes entries and their subjects with fixed
// prepared statements: multi-row INSERTs of 64, 8 and 1 rows, so a batch
// of any size reuses the same few statement texts instead of parsing a
// new one per batch.
func (d *DB) insertAuditRecords(ctx context.Context, tx *sql.Tx, recs []audit.Record) error {
	rows, subjects := d.auditRows(recs)
	if err := d.insertChunked(ctx, tx, d.auditLogInsert(), auditColumnCount, rows); err != nil {
		return apperr.Wrap(err, "insert audit entries")
	}
	if err := d.insertChunked(ctx, tx, d.auditSubjectsInsert(), 3, subjects); err != nil {
		return normalize(err, "insert audit subjects")
	}
	return nil
}

// auditRows lays recs out as audit_log rows and the audit_subjects rows
// of the citizens they name.
func (d *DB) auditRows(recs []audit.Record) (rows, subjects [][]any) {
	rows = make([][]any, len(recs))
	for i, r := range recs {
		rows[i] = d.auditArgs(r)
		for pos, id := range r.Entry.CitizenIDs {
			subjects = append(subjects, []any{r.Seq, pos, id})
		}
	}
	return rows, subjects
}

// auditLogInsert and auditSubjectsInsert are the prefixes of the chain's
// fixed multi-row INSERTs (multiRowInsert adds the rows).
func (d *DB) auditLogInsert() string {
	return d.insertFailing() + ` INTO audit_log (` + auditColumns + `) VALUES `
}

func (d *DB) auditSubjectsInsert() string {
	return d.insertFailing() + ` INTO audit_subjects (seq, pos, citizen_id) VALUES `
}

// insertFailing is INSERT that, on SQLite, stops at a failed row without
// undoing the statement's earlier rows (OR FAIL): the caller rolls the
// whole transaction back on any error anyway, and a statement that may
// abort halfway makes SQLite copy every page it touches to a statement
// journal first, a quarter of an append's CPU (pprof, subjournalPage).
func (d *DB) insertFailing() string {
	if d.dialect.name == "sqlite" {
		return "INSERT OR FAIL"
	}
	return "INSERT"
}

// auditInsertChunks are the row counts of the fixed INSERT statements,
// largest first.
var auditInsertChunks = [...]int{64, 8, 1}

// insertChunked inserts rows of width columns through the fixed statements.
func (d *DB) insertChunked(ctx context.Context, tx *sql.Tx, prefix string, width int, rows [][]any) error {
	for _, n := range auditInsertChunks {
		if len(rows) < n {
			continue
		}
		st, err := d.chainStmt(ctx, tx, d.multiRowInsert(prefix, n, width))
		if err != nil {
			return err
		}
		args := make([]any, 0, n*width)
		for len(rows) >= n {
			args = args[:0]
			for _, r := range rows[:n] {
				args = append(args, r...)
			}
			if _, err := st.ExecContext(ctx, args...); err != nil {
				return err
			}
			rows = rows[n:]
			if n > 1 {
				movePause(ctx)
			}
		}
	}
	return nil
}

// multiRowInsert is prefix followed by n rows of width placeholders.
func (d *DB) multiRowInsert(prefix string, n, width int) string {
	var q strings.Builder
	q.WriteString(prefix)
	for i := range n {
		if i > 0 {
			q.WriteString(", ")
		}
		q.WriteString("(" + d.dialect.params(i*width+1, width) + ")")
	}
	return q.String()
}

// chainStmt is a cached prepared statement of the chain's store, bound to
// tx (prepared on the transaction's connection once).
func (d *DB) chainStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	st, err := d.chainStmts.get(ctx, d.chain.sql, query)
	if err != nil {
		return nil, fmt.Errorf("prepare audit statement: %w", err)
	}
	return tx.StmtContext(ctx, st), nil
}

func (d *DB) auditArgs(r audit.Record) []any {
	e := r.Entry
	c := r.Canonical
	if c == nil {
		c = audit.Canonical(e)
	}
	return []any{r.Seq, d.dialect.timeArg(e.Time), e.UserID, e.AgencyID, e.Confidential, c, r.Hash.String()}
}

const insertCheckpointSQL = `INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING`

func (d *DB) checkpointArgs(c audit.Checkpoint) []any {
	return []any{c.Seq, c.Hash.String(), d.dialect.timeArg(c.Time), c.KeyID, base64.StdEncoding.EncodeToString(c.Signature)}
}

func (d *DB) insertCheckpoint(ctx context.Context, tx *sql.Tx, c audit.Checkpoint) error {
	_, err := tx.ExecContext(ctx, insertCheckpointSQL, d.checkpointArgs(c)...)
	if err != nil {
		return apperr.Wrap(err, "insert audit checkpoint")
	}
	return nil
}

// AddAuditKey implements audit.Store.
func (d *AuditLog) AddAuditKey(ctx context.Context, pub ed25519.PublicKey, at time.Time) error {
	_, err := d.chain.sql.ExecContext(ctx, `INSERT INTO audit_keys (key_id, public_key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (key_id) DO NOTHING`, audit.KeyID(pub), string(audit.PublicKeyPEM(pub)), d.dialect.timeArg(at))
	if err != nil {
		return apperr.Wrap(err, "store audit key")
	}
	return nil
}
