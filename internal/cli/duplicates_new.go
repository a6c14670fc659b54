package cli

import (
	"context"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/sqlstore"
)

// findNewDuplicates is the incremental check: every citizen created or
// changed since t is checked against the whole register (the rest is only
// indexed), with the same scoring as a full run. Absorbed forms are not
// re-paired: an import pairs them with their holder as it absorbs them.
func (a *app) findNewDuplicates(ctx context.Context, db *sqlstore.DB, since time.Time, opts dedupe.Options) ([]dedupe.Pair, error) {
	start := time.Now()
	fresh, err := db.CitizenIDsChangedSince(ctx, since)
	if err != nil || len(fresh) == 0 {
		return nil, err
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
	a.log.Info("duplicates (incremental)", "since", since.Format(time.RFC3339), "new_or_changed", len(fresh), "records", len(src.records),
		"pairs_scored", run.Compared, "found", len(pairs), "elapsed", time.Since(start).Round(time.Millisecond))
	return pairs, nil
}
