package sqlstore

import (
	"context"
	"database/sql"

	"dancu/internal/merge"
	"dancu/internal/registry"
)

// UndoMerge reverses a merge in one transaction, with a new version of
// each record: the merged record is alive again with its number, the
// survivor loses the link to that number and the values the merge filled.
// Nothing is deleted from either history.
//
// The number's row in cancelled_id_numbers is removed: that table means
// "no longer held; leads to this person", and the number is held again by
// the person it was cancelled from (never by anyone else, since cancelled
// numbers are never drawn). Leaving the row would make the number both
// current and cancelled, and a later replacement of the person's number
// could not cancel it again. The merges row keeps when the number was
// cancelled and re-established, and both histories keep every step.
func (d *Review) UndoMerge(ctx context.Context, id string, meta registry.ChangeMeta) (merge.Merge, error) {
	if err := registry.CheckMeta(meta); err != nil {
		return merge.Merge{}, err
	}
	var out merge.Merge
	err := d.inTx(ctx, func(tx *sql.Tx) error {
		m, err := d.mergeIn(ctx, tx, id, d.dialect.forUpdate)
		if err != nil {
			return err
		}
		survivor, err := d.lockCitizen(ctx, tx, m.SurvivorID)
		if err != nil {
			return err
		}
		merged, err := d.lockCitizen(ctx, tx, m.MergedID)
		if err != nil {
			return err
		}
		s, g, err := merge.Revert(survivor, merged, m)
		if err != nil {
			return err
		}
		vmeta := meta
		vmeta.Reason = "undo merge " + m.ID + ": " + meta.Reason
		if err := d.writeChange(ctx, tx, survivor, s, vmeta); err != nil {
			return err
		}
		if m.Number != "" {
			if _, err := tx.ExecContext(ctx, `DELETE FROM cancelled_id_numbers WHERE number = $1 AND citizen_id = $2`, m.Number, m.SurvivorID); err != nil {
				return normalize(err, "re-establish ID number")
			}
		}
		if err := d.writeChange(ctx, tx, merged, g, vmeta); err != nil {
			return err
		}
		now := d.now().UTC()
		if _, err := tx.ExecContext(ctx, `UPDATE merges SET undone_by = $1, undone_at = $2, undo_reason = $3 WHERE id = $4`,
			meta.Actor, d.dialect.timeArg(now), meta.Reason, m.ID); err != nil {
			return normalize(err, "record undo")
		}
		if m.CandidateID != "" {
			// The pair goes back to the queue: undoing says the merge was
			// wrong or early, and an officer decides the pair again.
			if _, err := tx.ExecContext(ctx, `UPDATE duplicate_candidates SET status = 'open', decided_by = NULL, decided_at = NULL, reason = $1, merge_id = NULL WHERE id = $2`,
				"merge undone: "+meta.Reason, m.CandidateID); err != nil {
				return normalize(err, "reopen duplicate candidate")
			}
		}
		out = m
		out.UndoneBy, out.UndoneAt, out.UndoReason = meta.Actor, now, meta.Reason
		return nil
	})
	if err != nil {
		return merge.Merge{}, err
	}
	return out, nil
}
