package cli

import (
	"context"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/sqlstore"
)

// findNewDuplicates is the incremental check: every citizen of fresh (by
// id; selected as "what" says) is checked against the whole register (the
// rest is only indexed), with the same scoring as a full run. Absorbed
// forms are not re-paired: an import pairs them with their holder as it
// absorbs them.
func (a *app) findNewDuplicates(ctx context.Context, db *sqlstore.DB, fresh map[string]bool, what string, opts dedupe.Options) ([]dedupe.Pair, error) {
	start := time.Now()
	if len(fresh) == 0 {
		return nil, nil
	}
	src, err := loadDedupeSource(ctx, db)
	if err != nil {
		return nil, err
	}
	opts.AssignedShare = src.assigned
	run, err := dedupe.FindNew(ctx, src.records, func(r *dedupe.Record) bool { return fresh[r.ID] }, opts)
	if err != nil {
		return nil, err
	}
	suppressed, err := db.NotSamePairs(ctx)
	if err != nil {
		return nil, err
	}
	pairs := dropDecided(run.Pairs, suppressed)
	a.log.Info("duplicates (incremental)", "records_checked", what, "new_or_changed", len(fresh), "records", len(src.records),
		"pairs_scored", run.Compared, "found", len(pairs), "elapsed", time.Since(start).Round(time.Millisecond))
	return pairs, nil
}
