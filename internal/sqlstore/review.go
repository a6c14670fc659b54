package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"strconv"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/dedupe"
	"dancu/internal/merge"
	"dancu/internal/registry"
)

const candidateColumns = `id, left_id, right_id, left_ref, right_ref, score, decision, status, run_id,
	left_unit, right_unit, left_province, right_province, created_at, decided_by, decided_at, reason, merge_id`

// currentCandidates reads queue entries with the records' CURRENT units
// in place of the ones filed with the pair: a record that moved since must
// leave the old commune's queue and reach the new one's. Its columns scan
// like candidateColumns.
const currentCandidates = `SELECT dc.id, dc.left_id, dc.right_id, dc.left_ref, dc.right_ref, dc.score, dc.decision, dc.status, dc.run_id,
	COALESCE(l.permanent_commune, ''), COALESCE(r.permanent_commune, ''),
	COALESCE(l.permanent_province, ''), COALESCE(r.permanent_province, ''),
	dc.created_at, dc.decided_by, dc.decided_at, dc.reason, dc.merge_id
	FROM duplicate_candidates dc JOIN citizens l ON l.id = dc.left_id JOIN citizens r ON r.id = dc.right_id`

// SaveCandidates files a run's pairs in the review queue in one
// transaction. A pair seen before keeps its row: an open one takes the new
// score and run, a decided one (merged, not the same) is left as it is.
func (d *Review) SaveCandidates(ctx context.Context, runID string, cs []merge.Candidate) (merge.SaveStats, error) {
	var st merge.SaveStats
	now := d.dialect.timeArg(d.now())
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		for _, c := range cs {
			key := dedupe.PairKey(c.LeftID, c.RightID)
			var status string
			err := tx.QueryRowContext(ctx, `SELECT status FROM duplicate_candidates WHERE pair_key = $1`, key).Scan(&status)
			switch {
			case errors.Is(err, sql.ErrNoRows):
				st.Added++
				_, err = tx.ExecContext(ctx, `INSERT INTO duplicate_candidates (id, pair_key, left_id, right_id, left_ref, right_ref,
					score, decision, status, run_id, left_unit, right_unit, left_province, right_province, created_at)
					VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'open', $9, $10, $11, $12, $13, $14)`,
					uuid.Must(uuid.NewV7()).String(), key, c.LeftID, c.RightID, c.LeftRef, c.RightRef, c.Score, c.Decision, runID,
					c.LeftUnit, c.RightUnit, c.LeftProvince, c.RightProvince, now)
			case err != nil:
			case status == string(merge.Open):
				st.Updated++
				_, err = tx.ExecContext(ctx, `UPDATE duplicate_candidates SET score = $1, decision = $2, run_id = $3 WHERE pair_key = $4`,
					c.Score, c.Decision, runID, key)
			default:
				st.Decided++
			}
			if err != nil {
				return normalize(err, "file duplicate candidate")
			}
		}
		return nil
	})
	return st, err
}

// NotSamePairs returns the keys of the pairs decided "not the same person".
func (d *Review) NotSamePairs(ctx context.Context) (map[string]bool, error) {
	rows, err := d.sql.QueryContext(ctx, `SELECT pair_key FROM duplicate_candidates WHERE status = 'not_same'`)
	if err != nil {
		return nil, apperr.Wrap(err, "read decided pairs")
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, apperr.Wrap(err, "read decided pairs")
		}
		out[k] = true
	}
	if err := rows.Err(); err != nil {
		return nil, apperr.Wrap(err, "read decided pairs")
	}
	return out, nil
}

// Candidates lists a page of the queue, best score first, restricted to
// the pairs whose two records both lie in q.Unit now.
func (d *Review) Candidates(ctx context.Context, q merge.Query) ([]merge.Candidate, bool, error) {
	if q.Status == "" {
		q.Status = merge.Open
	}
	where, args := `dc.status = $1`, []any{string(q.Status)}
	switch len(q.Unit) {
	case 0:
	case 2:
		where, args = where+` AND l.permanent_province = $2 AND r.permanent_province = $2`, append(args, q.Unit)
	default:
		where, args = where+` AND l.permanent_commune = $2 AND r.permanent_commune = $2`, append(args, q.Unit)
	}
	n := len(args)
	rows, err := d.sql.QueryContext(ctx, currentCandidates+` WHERE `+where+
		` ORDER BY dc.score DESC, dc.id LIMIT $`+strconv.Itoa(n+1)+` OFFSET $`+strconv.Itoa(n+2), append(args, q.Limit+1, q.Offset)...)
	if err != nil {
		return nil, false, apperr.Wrap(err, "list duplicate candidates")
	}
	defer rows.Close()
	var out []merge.Candidate
	for rows.Next() {
		c, err := scanCandidate(rows)
		if err != nil {
			return nil, false, err
		}
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, false, apperr.Wrap(err, "list duplicate candidates")
	}
	more := len(out) > q.Limit
	if more {
		out = out[:q.Limit]
	}
	return out, more, nil
}

// Candidate reads one queue entry, with its records' current units.
func (d *Review) Candidate(ctx context.Context, id string) (merge.Candidate, error) {
	c, err := scanCandidate(d.sql.QueryRowContext(ctx, currentCandidates+` WHERE dc.id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no duplicate candidate with that id")
	}
	return c, err
}

func (d *DB) candidateIn(ctx context.Context, q queryer, id, lock string) (merge.Candidate, error) {
	c, err := scanCandidate(q.QueryRowContext(ctx, `SELECT `+candidateColumns+` FROM duplicate_candidates WHERE id = $1`+lock, id))
	if errors.Is(err, sql.ErrNoRows) {
		return c, apperr.New(apperr.NotFound, "no duplicate candidate with that id")
	}
	return c, err
}

// MarkNotSame records that the pair is two people; later runs suppress it.
func (d *Review) MarkNotSame(ctx context.Context, id string, meta registry.ChangeMeta) (merge.Candidate, error) {
	if err := registry.CheckMeta(meta); err != nil {
		return merge.Candidate{}, err
	}
	var out merge.Candidate
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		c, err := d.candidateIn(ctx, tx, id, d.dialect.forUpdate)
		if err != nil {
			return err
		}
		if c.Status != merge.Open {
			return apperr.New(apperr.Conflict, "the pair was already decided (%s)", c.Status)
		}
		if err := d.decideCandidate(ctx, tx, id, merge.NotSame, "", meta); err != nil {
			return err
		}
		out, err = d.candidateIn(ctx, tx, id, "")
		return err
	})
	return out, err
}

// decideCandidate records a decision on an open queue entry.
func (d *DB) decideCandidate(ctx context.Context, tx queryer, id string, status merge.Status, mergeID string, meta registry.ChangeMeta) error {
	_, err := tx.ExecContext(ctx, `UPDATE duplicate_candidates SET status = $1, decided_by = $2, decided_at = $3, reason = $4, merge_id = $5 WHERE id = $6`,
		string(status), meta.Actor, d.dialect.timeArg(d.now()), meta.Reason, nullable(mergeID), id)
	return normalize(err, "record decision")
}

type rowScanner interface{ Scan(dest ...any) error }

func scanCandidate(r rowScanner) (merge.Candidate, error) {
	var c merge.Candidate
	var status string
	var created, decided any
	var decidedBy, reason, mergeID sql.NullString
	err := r.Scan(&c.ID, &c.LeftID, &c.RightID, &c.LeftRef, &c.RightRef, &c.Score, &c.Decision, &status, &c.RunID,
		&c.LeftUnit, &c.RightUnit, &c.LeftProvince, &c.RightProvince, &created, &decidedBy, &decided, &reason, &mergeID)
	if errors.Is(err, sql.ErrNoRows) {
		return c, err
	}
	if err != nil {
		return c, apperr.Wrap(err, "read duplicate candidate")
	}
	c.Status, c.DecidedBy, c.Reason, c.MergeID = merge.Status(status), decidedBy.String, reason.String, mergeID.String
	if c.CreatedAt, err = scanTime(created); err == nil {
		c.DecidedAt, err = scanTime(decided)
	}
	if err != nil {
		return c, apperr.Wrap(err, "read duplicate candidate")
	}
	return c, nil
}
