package sqlstore

import (
	"context"
	"crypto/ed25519"
	"database/sql"
	"encoding/base64"
	"errors"
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

// Rows per INSERT: well under both engines' parameter limits.
const (
	auditRowsPerInsert     = 1000
	auditSubjectsPerInsert = 2000
)

// AppendAudit implements audit.Store: under the log's write lock it reads
// the head, lets build chain a batch on it, and stores the batch, all in
// one transaction.
//
// Called inside a change's transaction (InTx), it joins it: the audit entry
// of a write commits or rolls back with the write.
func (d *AuditLog) AppendAudit(ctx context.Context, build func(audit.Head) (audit.Batch, error)) error {
	if tx := txFrom(ctx); tx != nil {
		return d.appendAuditOn(ctx, tx, build)
	}
	tx, err := d.sql.BeginTx(ctx, nil)
	if err != nil {
		return apperr.Wrap(err, "begin audit append")
	}
	defer tx.Rollback()
	if err := d.appendAuditOn(ctx, tx, build); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return apperr.Wrap(err, "commit audit append")
	}
	return nil
}

// appendAuditOn appends inside a transaction the caller owns: AppendAudit's
// own, or an import batch's, whose audit entry must commit with its data.
func (d *DB) appendAuditOn(ctx context.Context, q queryer, build func(audit.Head) (audit.Batch, error)) error {
	if d.dialect.name == "postgres" {
		if _, err := q.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, int64(auditLockKey)); err != nil {
			return apperr.Wrap(err, "lock audit log")
		}
	}
	head, err := auditHead(ctx, q)
	if err != nil {
		return err
	}
	b, err := build(head)
	if err != nil {
		return err
	}
	if err := d.insertAuditRecords(ctx, q, b.Records); err != nil {
		return err
	}
	if b.Checkpoint != nil {
		return d.insertCheckpoint(ctx, q, *b.Checkpoint)
	}
	return nil
}

func auditHead(ctx context.Context, tx queryer) (audit.Head, error) {
	var h audit.Head
	var hash string
	err := tx.QueryRowContext(ctx, `SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`).Scan(&h.Seq, &hash)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, apperr.Wrap(err, "read audit head")
	}
	if err == nil {
		if h.Hash, err = audit.ParseHash(hash); err != nil {
			return h, apperr.Wrap(err, "read audit head %d", h.Seq)
		}
	}
	var at any
	err = tx.QueryRowContext(ctx, `SELECT seq, at FROM audit_checkpoints ORDER BY seq DESC LIMIT 1`).Scan(&h.CheckpointSeq, &at)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return h, apperr.Wrap(err, "read audit checkpoint head")
	}
	if err == nil {
		if h.CheckpointTime, err = scanTime(at); err != nil {
			return h, apperr.Wrap(err, "read audit checkpoint head")
		}
	}
	return h, nil
}

// insertAuditRecords writes entries and their subjects as multi-row INSERTs.
func (d *DB) insertAuditRecords(ctx context.Context, tx queryer, recs []audit.Record) error {
	for len(recs) > 0 {
		n := min(len(recs), auditRowsPerInsert)
		args := make([]any, 0, n*auditColumnCount)
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_log (` + auditColumns + `) VALUES `)
		for i, r := range recs[:n] {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + d.dialect.params(len(args)+1, auditColumnCount) + ")")
			args = append(args, d.auditArgs(r)...)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return apperr.Wrap(err, "insert audit entries")
		}
		if err := d.insertSubjects(ctx, tx, recs[:n]); err != nil {
			return err
		}
		recs = recs[n:]
	}
	return nil
}

func (d *DB) auditArgs(r audit.Record) []any {
	e := r.Entry
	c := r.Canonical
	if c == nil {
		c = audit.Canonical(e)
	}
	return []any{r.Seq, d.dialect.timeArg(e.Time), e.UserID, e.AgencyID, e.Confidential, c, r.Hash.String()}
}

func (d *DB) insertSubjects(ctx context.Context, tx queryer, recs []audit.Record) error {
	var args []any
	flush := func() error {
		if len(args) == 0 {
			return nil
		}
		var q strings.Builder
		q.WriteString(`INSERT INTO audit_subjects (seq, pos, citizen_id) VALUES `)
		for i := 0; i < len(args); i += 3 {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString("(" + d.dialect.params(i+1, 3) + ")")
		}
		_, err := tx.ExecContext(ctx, q.String(), args...)
		args = args[:0]
		return normalize(err, "insert audit subjects")
	}
	for _, r := range recs {
		for pos, id := range r.Entry.CitizenIDs {
			args = append(args, r.Seq, pos, id)
			if len(args) == 3*auditSubjectsPerInsert {
				if err := flush(); err != nil {
					return err
				}
			}
		}
	}
	return flush()
}

func (d *DB) insertCheckpoint(ctx context.Context, tx queryer, c audit.Checkpoint) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO audit_checkpoints (seq, hash, at, key_id, signature)
		VALUES ($1, $2, $3, $4, $5) ON CONFLICT (seq) DO NOTHING`,
		c.Seq, c.Hash.String(), d.dialect.timeArg(c.Time), c.KeyID, base64.StdEncoding.EncodeToString(c.Signature))
	if err != nil {
		return apperr.Wrap(err, "insert audit checkpoint")
	}
	return nil
}

// AddAuditKey implements audit.Store.
func (d *AuditLog) AddAuditKey(ctx context.Context, pub ed25519.PublicKey, at time.Time) error {
	_, err := d.sql.ExecContext(ctx, `INSERT INTO audit_keys (key_id, public_key, created_at) VALUES ($1, $2, $3)
		ON CONFLICT (key_id) DO NOTHING`, audit.KeyID(pub), string(audit.PublicKeyPEM(pub)), d.dialect.timeArg(at))
	if err != nil {
		return apperr.Wrap(err, "store audit key")
	}
	return nil
}
