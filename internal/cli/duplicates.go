package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

func (a *app) duplicatesCommand() *cobraCommand {
	var minScore float64
	cmd := &cobraCommand{
		Use:   "duplicates",
		Short: "Find records of the same person; prints CSV left_ref,right_ref,score,decision (match or review)",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				opts := dedupe.Options{Log: a.log}
				if cmd.Flags().Changed("min-score") {
					opts.MinWeight = &minScore
				}
				pairs, _, err := a.findDuplicates(cmd.Context(), db, opts)
				if err != nil {
					return err
				}
				return writePairs(a.out, pairs)
			})
		},
	}
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "print only pairs scoring at least this (log2 likelihood ratio; default: the review threshold)")
	return cmd
}

// dedupeRun describes one duplicate-detection run.
type dedupeRun struct {
	records  int
	compared int
	elapsed  time.Duration
	t        dedupe.Thresholds
}

// findDuplicates loads the register and runs duplicate detection.
func (a *app) findDuplicates(ctx context.Context, db *sqlstore.DB, opts dedupe.Options) ([]dedupe.Pair, dedupeRun, error) {
	start := time.Now()
	records, assigned, err := loadDedupeRecords(ctx, db)
	if err != nil {
		return nil, dedupeRun{}, err
	}
	opts.AssignedShare = assigned
	freq := dedupe.NewFrequencies()
	for i := range records {
		freq.Add(&records[i])
	}
	d := dedupe.NewDetector(freq, opts)
	var pairs []dedupe.Pair
	for i := range records {
		pairs = append(pairs, d.Check(&records[i])...)
	}
	run := dedupeRun{records: len(records), compared: d.Compared, elapsed: time.Since(start), t: d.T}
	a.log.Info("duplicates", "records", run.records, "pairs_scored", run.compared, "found", len(pairs),
		"match_threshold", fmt.Sprintf("%.1f", d.T.Match), "review_threshold", fmt.Sprintf("%.1f", d.T.Review),
		"capped_blocks", d.Index.CappedBlocks(), "elapsed", run.elapsed.Round(time.Millisecond))
	return pairs, run, nil
}

// loadDedupeRecords reads every current, unmerged citizen and every import
// row held as a conflict (same ID number, different data), and the share
// of ID numbers the register drew for forms that had none.
func loadDedupeRecords(ctx context.Context, db *sqlstore.DB) ([]dedupe.Record, float64, error) {
	var records []dedupe.Record
	byID := map[string]registry.Citizen{}
	err := db.ForEachCitizen(ctx, func(c registry.Citizen) error {
		if c.Status != registry.Merged {
			records = append(records, dedupe.Prepare(c))
			byID[c.ID] = c
		}
		return nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("read citizens: %w", err)
	}
	batches, err := db.Batches(ctx, math.MaxInt32)
	if err != nil {
		return nil, 0, err
	}
	var assigned, inserted int
	seen := map[string]bool{}
	for _, b := range batches {
		assigned, inserted = assigned+b.Stats.Assigned, inserted+b.Stats.Inserted
		conflicts, err := db.Conflicts(ctx, b.ID, math.MaxInt32)
		if err != nil {
			return nil, 0, err
		}
		for _, cf := range conflicts {
			holder, ok := byID[cf.CitizenID]
			if !ok || cf.Fields == nil || seen[cf.RecordRef] {
				continue // a re-imported record_ref, or a merged holder
			}
			seen[cf.RecordRef] = true
			row, err := dedupe.FromConflict(holder, cf)
			if err != nil {
				return nil, 0, err
			}
			records = append(records, dedupe.Prepare(row))
		}
	}
	share := 0.0
	if inserted > 0 {
		share = float64(assigned) / float64(inserted)
	}
	return records, share, nil
}

func writePairs(w io.Writer, pairs []dedupe.Pair) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"left_ref", "right_ref", "score", "decision"}); err != nil {
		return err
	}
	for _, p := range pairs {
		rec := []string{p.Left.Ref, p.Right.Ref, strconv.FormatFloat(p.Score.Weight, 'f', 2, 64), string(p.Decision)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
