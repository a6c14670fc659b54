package merge

import (
	"context"
	"slices"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// Ledger is the review queue's storage inside a merge's transaction (the
// store joins the transaction the context carries).
type Ledger interface {
	// LockCandidate reads a queue entry and locks it until the end.
	LockCandidate(ctx context.Context, id string) (Candidate, error)
	DecideCandidate(ctx context.Context, id string, status Status, mergeID string, meta registry.ChangeMeta) error
	// ReopenCandidate puts a decided pair back in the queue.
	ReopenCandidate(ctx context.Context, id, reason string) error
	RecordMerge(ctx context.Context, m Merge) error
	// LockMerge reads a recorded merge and locks it until the end.
	LockMerge(ctx context.Context, id string) (Merge, error)
	RecordUndo(ctx context.Context, m Merge) error
}

// Register is the register's side of a merge: the records, locked and
// written as new versions through the register's own use case, so a merge
// carries the same effects as any change (quality findings, agencies'
// events) in the same transaction.
type Register interface {
	Write(ctx context.Context, before *registry.Citizen, next registry.Citizen, previous map[string]any, meta registry.ChangeMeta) error
	// CancelNumber and ReestablishNumber are the ID-number operations
	// (hủy, xác lập lại) the ID-number procedures use too.
	CancelNumber(ctx context.Context, n registry.CancelledNumber) error
	ReestablishNumber(ctx context.Context, number, citizenID string) error
}

// Executor performs merges and their undo, each in one transaction.
type Executor struct {
	Tx       registry.Transactor
	Citizens registry.Writer // locks records
	Register Register
	Ledger   Ledger
	Now      func() time.Time // default time.Now
}

func (x *Executor) now() time.Time {
	if x.Now == nil {
		return time.Now().UTC()
	}
	return x.Now().UTC()
}

// Merge folds req.MergedID into req.SurvivorID in one transaction: a new
// version of each record, the merged record's number cancelled and linked
// to the survivor, the merge recorded, and the queue entry decided.
func (x *Executor) Merge(ctx context.Context, req Request) (Merge, error) {
	if err := registry.CheckMeta(req.Meta); err != nil {
		return Merge{}, err
	}
	if req.SurvivorID == req.MergedID {
		return Merge{}, apperr.WithFields("a record cannot be merged into itself", apperr.FieldError{Field: "survivor_id", Reason: "must differ from the merged record"})
	}
	var m Merge
	err := x.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := x.checkCandidate(ctx, req); err != nil {
			return err
		}
		survivor, err := x.Citizens.LockCitizen(ctx, req.SurvivorID)
		if err != nil {
			return err
		}
		merged, err := x.Citizens.LockCitizen(ctx, req.MergedID)
		if err != nil {
			return err
		}
		s, g, plan, err := Apply(survivor, merged, req.Fill)
		if err != nil {
			return err
		}
		m = plan
		m.ID, m.CandidateID, m.Actor, m.Reason, m.MergedAt = uuid.Must(uuid.NewV7()).String(), req.CandidateID, req.Meta.Actor, req.Meta.Reason, x.now()
		meta := req.Meta
		meta.Reason = "merge " + m.ID + ": " + req.Meta.Reason
		// The merged record first: it gives up its number before anything
		// else refers to it.
		if err := x.write(ctx, merged, g, meta); err != nil {
			return err
		}
		if err := x.write(ctx, survivor, s, meta); err != nil {
			return err
		}
		if m.Number != "" {
			if err := x.Register.CancelNumber(ctx, registry.CancelledNumber{Number: m.Number, CitizenID: survivor.ID,
				CancelledAt: m.MergedAt, Reason: meta.Reason, ReplacedBy: survivor.IDNumber}); err != nil {
				return err
			}
		}
		if err := x.Ledger.RecordMerge(ctx, m); err != nil {
			return err
		}
		if req.CandidateID != "" {
			return x.Ledger.DecideCandidate(ctx, req.CandidateID, Merged, m.ID, req.Meta)
		}
		return nil
	})
	return m, err
}

// checkCandidate requires the named queue entry to be open and to pair
// exactly the survivor and the merged record.
func (x *Executor) checkCandidate(ctx context.Context, req Request) error {
	if req.CandidateID == "" {
		return nil
	}
	c, err := x.Ledger.LockCandidate(ctx, req.CandidateID)
	if err != nil {
		return err
	}
	if c.Status != Open {
		return apperr.New(apperr.Conflict, "the pair was already decided (%s)", c.Status)
	}
	pair := map[string]bool{c.LeftID: true, c.RightID: true}
	if !pair[req.SurvivorID] || !pair[req.MergedID] {
		return apperr.WithFields("the survivor must be one record of the pair and the merged record the other",
			apperr.FieldError{Field: "survivor_id", Reason: "must name one of the pair's records"})
	}
	return nil
}

// Undo reverses a merge in one transaction, with a new version of each
// record: the merged record is alive again with its number, the survivor
// loses the link to that number and the values the merge filled. Nothing is
// deleted from either history; the pair goes back to the queue.
func (x *Executor) Undo(ctx context.Context, id string, meta registry.ChangeMeta) (Merge, error) {
	if err := registry.CheckMeta(meta); err != nil {
		return Merge{}, err
	}
	var out Merge
	err := x.Tx.InTx(ctx, func(ctx context.Context) error {
		m, err := x.Ledger.LockMerge(ctx, id)
		if err != nil {
			return err
		}
		survivor, err := x.Citizens.LockCitizen(ctx, m.SurvivorID)
		if err != nil {
			return err
		}
		merged, err := x.Citizens.LockCitizen(ctx, m.MergedID)
		if err != nil {
			return err
		}
		s, g, err := Revert(survivor, merged, m)
		if err != nil {
			return err
		}
		vmeta := meta
		vmeta.Reason = "undo merge " + m.ID + ": " + meta.Reason
		if err := x.write(ctx, survivor, s, vmeta); err != nil {
			return err
		}
		// The number is held again by the person it was cancelled from
		// (never by anyone else: cancelled numbers are never drawn).
		if m.Number != "" {
			if err := x.Register.ReestablishNumber(ctx, m.Number, m.SurvivorID); err != nil {
				return err
			}
		}
		if err := x.write(ctx, merged, g, vmeta); err != nil {
			return err
		}
		m.UndoneBy, m.UndoneAt, m.UndoReason = meta.Actor, x.now(), meta.Reason
		if err := x.Ledger.RecordUndo(ctx, m); err != nil {
			return err
		}
		if m.CandidateID != "" {
			// Undoing says the merge was wrong or early: an officer decides
			// the pair again.
			if err := x.Ledger.ReopenCandidate(ctx, m.CandidateID, "merge undone: "+meta.Reason); err != nil {
				return err
			}
		}
		out = m
		return nil
	})
	return out, err
}

// write appends next as a new version of cur. Unlike a correction it also
// records the bookkeeping fields a merge changes (cancelled numbers, the
// merged-into link) among the previous values, and always writes.
func (x *Executor) write(ctx context.Context, cur, next registry.Citizen, meta registry.ChangeMeta) error {
	prev := registry.Previous(registry.Diff(cur, next))
	if !slices.Equal(cur.CancelledIDNumbers, next.CancelledIDNumbers) {
		prev["cancelled_id_numbers"] = orNil(cur.CancelledIDNumbers)
	}
	if cur.MergedInto != next.MergedInto {
		var was any
		if cur.MergedInto != "" {
			was = cur.MergedInto
		}
		prev["merged_into"] = was
	}
	next.ID, next.RecordRef = cur.ID, cur.RecordRef
	return x.Register.Write(ctx, &cur, next, prev, meta)
}

func orNil(s []string) any {
	if len(s) == 0 {
		return nil
	}
	return s
}
