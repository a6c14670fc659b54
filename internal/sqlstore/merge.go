package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/merge"
	"dancu/internal/registry"
)

// The review queue's side of a merge (merge.Ledger), inside the merge's
// transaction; merge.Executor decides what a merge writes.

// LockCandidate implements merge.Ledger.
func (d *Review) LockCandidate(ctx context.Context, id string) (merge.Candidate, error) {
	return d.candidateIn(ctx, d.q(ctx), id, d.dialect.forUpdate)
}

// DecideCandidate implements merge.Ledger.
func (d *Review) DecideCandidate(ctx context.Context, id string, status merge.Status, mergeID string, meta registry.ChangeMeta) error {
	tx, err := mustTx(ctx, "DecideCandidate")
	if err != nil {
		return err
	}
	return d.decideCandidate(ctx, tx, id, status, mergeID, meta)
}

// ReopenCandidate implements merge.Ledger.
func (d *Review) ReopenCandidate(ctx context.Context, id, reason string) error {
	_, err := d.q(ctx).ExecContext(ctx, `UPDATE duplicate_candidates SET status = 'open', decided_by = NULL, decided_at = NULL, reason = $1, merge_id = NULL WHERE id = $2`,
		reason, id)
	return normalize(err, "reopen duplicate candidate")
}

// RecordMerge implements merge.Ledger.
func (d *Review) RecordMerge(ctx context.Context, m merge.Merge) error {
	return d.insertMerge(ctx, d.q(ctx), m)
}

// LockMerge implements merge.Ledger.
func (d *Review) LockMerge(ctx context.Context, id string) (merge.Merge, error) {
	return d.mergeIn(ctx, d.q(ctx), id, d.dialect.forUpdate)
}

// RecordUndo implements merge.Ledger.
func (d *Review) RecordUndo(ctx context.Context, m merge.Merge) error {
	_, err := d.q(ctx).ExecContext(ctx, `UPDATE merges SET undone_by = $1, undone_at = $2, undo_reason = $3 WHERE id = $4`,
		m.UndoneBy, d.dialect.timeArg(m.UndoneAt), m.UndoReason, m.ID)
	return normalize(err, "record undo")
}

// lockCitizen reads a citizen's current state for writing.
func (d *DB) lockCitizen(ctx context.Context, tx queryer, id string) (registry.Citizen, error) {
	return d.oneCitizen(ctx, tx, "id", currentData+`WHERE c.id = $1`+d.dialect.forUpdate, id)
}

func (d *DB) insertMerge(ctx context.Context, tx queryer, m merge.Merge) error {
	filled, err := json.Marshal(m.Filled)
	if err != nil {
		return apperr.Wrap(err, "encode filled fields")
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO merges (id, candidate_id, survivor_id, merged_id, number, prior_status, filled, actor, reason, merged_at)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`, m.ID, nullable(m.CandidateID), m.SurvivorID, m.MergedID, nullable(m.Number),
		string(m.PriorStatus), string(filled), m.Actor, m.Reason, d.dialect.timeArg(m.MergedAt))
	return normalize(err, "record merge")
}

// MergeByID reads one recorded merge.
func (d *Review) MergeByID(ctx context.Context, id string) (merge.Merge, error) {
	return d.mergeIn(ctx, d.sql, id, "")
}

func (d *DB) mergeIn(ctx context.Context, q queryer, id, lock string) (merge.Merge, error) {
	var m merge.Merge
	var cand, number, undoneBy, undoReason sql.NullString
	var status, filled string
	var mergedAt, undoneAt any
	err := q.QueryRowContext(ctx, `SELECT id, candidate_id, survivor_id, merged_id, number, prior_status, filled, actor, reason, merged_at,
		undone_by, undone_at, undo_reason FROM merges WHERE id = $1`+lock, id).Scan(&m.ID, &cand, &m.SurvivorID, &m.MergedID, &number,
		&status, &filled, &m.Actor, &m.Reason, &mergedAt, &undoneBy, &undoneAt, &undoReason)
	if errors.Is(err, sql.ErrNoRows) {
		return m, apperr.New(apperr.NotFound, "no merge with that id")
	}
	if err != nil {
		return m, apperr.Wrap(err, "read merge")
	}
	m.CandidateID, m.Number, m.UndoneBy, m.UndoReason = cand.String, number.String, undoneBy.String, undoReason.String
	m.PriorStatus = registry.Status(status)
	if err := json.Unmarshal([]byte(filled), &m.Filled); err != nil {
		return m, apperr.Wrap(err, "decode merge")
	}
	if m.MergedAt, err = scanTime(mergedAt); err == nil {
		m.UndoneAt, err = scanTime(undoneAt)
	}
	if err != nil {
		return m, apperr.Wrap(err, "read merge")
	}
	return m, nil
}
