package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"slices"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/merge"
	"dancu/internal/registry"
)

// Merge folds req.MergedID into req.SurvivorID in one transaction: a new
// version of each record, the merged record's number cancelled and linked
// to the survivor, the merge recorded, and the queue entry decided.
func (d *Review) Merge(ctx context.Context, req merge.Request) (merge.Merge, error) {
	if err := registry.CheckMeta(req.Meta); err != nil {
		return merge.Merge{}, err
	}
	var m merge.Merge
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		if err := d.checkCandidate(ctx, tx, req); err != nil {
			return err
		}
		survivor, err := d.lockCitizen(ctx, tx, req.SurvivorID)
		if err != nil {
			return err
		}
		merged, err := d.lockCitizen(ctx, tx, req.MergedID)
		if err != nil {
			return err
		}
		s, g, plan, err := merge.Apply(survivor, merged, req.Fill)
		if err != nil {
			return err
		}
		m = plan
		m.ID, m.CandidateID, m.Actor, m.Reason, m.MergedAt = uuid.Must(uuid.NewV7()).String(), req.CandidateID, req.Meta.Actor, req.Meta.Reason, d.now().UTC()
		meta := req.Meta
		meta.Reason = "merge " + m.ID + ": " + req.Meta.Reason
		// The merged record first: it gives up its number before anything
		// else refers to it.
		if err := d.writeChange(ctx, tx, merged, g, meta); err != nil {
			return err
		}
		if err := d.writeChange(ctx, tx, survivor, s, meta); err != nil {
			return err
		}
		if m.Number != "" {
			_, err := tx.ExecContext(ctx, `INSERT INTO cancelled_id_numbers (number, citizen_id, cancelled_at, reason, replaced_by) VALUES ($1, $2, $3, $4, $5)`,
				m.Number, survivor.ID, d.dialect.timeArg(m.MergedAt), meta.Reason, nullable(survivor.IDNumber))
			if err != nil {
				return normalize(err, "cancel merged ID number")
			}
		}
		if err := d.insertMerge(ctx, tx, m); err != nil {
			return err
		}
		if req.CandidateID != "" {
			return d.decideCandidate(ctx, tx, req.CandidateID, merge.Merged, m.ID, req.Meta)
		}
		return nil
	})
	return m, err
}

// checkCandidate requires the named queue entry to be open and to pair
// exactly the survivor and the merged record.
func (d *DB) checkCandidate(ctx context.Context, tx *sql.Tx, req merge.Request) error {
	if req.CandidateID == "" {
		return nil
	}
	c, err := d.candidateIn(ctx, tx, req.CandidateID, d.dialect.forUpdate)
	if err != nil {
		return err
	}
	if c.Status != merge.Open {
		return apperr.New(apperr.Conflict, "the pair was already decided (%s)", c.Status)
	}
	pair := map[string]bool{c.LeftID: true, c.RightID: true}
	if !pair[req.SurvivorID] || !pair[req.MergedID] || req.SurvivorID == req.MergedID {
		return apperr.WithFields("the survivor must be one record of the pair and the merged record the other",
			apperr.FieldError{Field: "survivor_id", Reason: "must name one of the pair's records"})
	}
	return nil
}

// lockCitizen reads a citizen's current state for writing.
func (d *DB) lockCitizen(ctx context.Context, tx queryer, id string) (registry.Citizen, error) {
	return d.oneCitizen(ctx, tx, "id", currentData+`WHERE c.id = $1`+d.dialect.forUpdate, id)
}

// writeChange appends next as a new version of cur. Unlike Update it also
// records the bookkeeping fields a merge changes (cancelled numbers, the
// merged-into link) among the previous values, and always writes.
func (d *DB) writeChange(ctx context.Context, tx *sql.Tx, cur, next registry.Citizen, meta registry.ChangeMeta) error {
	prev := registry.Previous(registry.Diff(cur, next))
	if !slices.Equal(cur.CancelledIDNumbers, next.CancelledIDNumbers) {
		prev["cancelled_id_numbers"] = orNil(cur.CancelledIDNumbers)
	}
	if cur.MergedInto != next.MergedInto {
		prev["merged_into"] = nullable(cur.MergedInto)
	}
	next.ID, next.RecordRef = cur.ID, cur.RecordRef
	next.Version, next.UpdatedAt = cur.Version+1, d.now().UTC()
	return d.writeVersion(ctx, tx, &next, cur.Version, meta, prev)
}

func orNil(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}

func (d *DB) insertMerge(ctx context.Context, tx *sql.Tx, m merge.Merge) error {
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
