package cli

import (
	"encoding/csv"
	"io"
	"strconv"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/sqlstore"
	"dancu/internal/wire"
)

func (a *app) duplicatesCommand() *cobraCommand {
	var minScore float64
	var save bool
	var blockCap int
	var since string
	cmd := &cobraCommand{
		Use:   "duplicates",
		Short: "Find records of the same person; prints CSV left_ref,right_ref,score,decision (match or review)",
		Long: "Find records of the same person. Pairs an officer decided \"not the same person\" are not printed again. " +
			"--save files the pairs of two register records in the review queue (already decided pairs keep their decision).",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			// A run stopped by Ctrl-C returns an error, and cobra then skips
			// the hook that ends profiling: end it here, so the profile of
			// a run too slow to wait for is still written.
			defer a.stopProfile()
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				svc := wire.Dedupe(db, a.dataDir(), a.log)
				opts := dedupe.Options{BlockCap: blockCap}
				if cmd.Flags().Changed("min-score") {
					opts.MinWeight = &minScore
				}
				var pairs []dedupe.Pair
				var err error
				if since != "" {
					t, perr := parseSince(since)
					if perr != nil {
						return perr
					}
					pairs, err = svc.FindSince(cmd.Context(), t, opts)
				} else {
					pairs, _, err = svc.FindAll(cmd.Context(), opts)
				}
				if err != nil {
					return err
				}
				if save {
					if _, err := svc.Save(cmd.Context(), pairs); err != nil {
						return err
					}
				}
				return writePairs(a.out, pairs)
			})
		},
	}
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "print only pairs scoring at least this (log2 likelihood ratio; default: the review threshold)")
	cmd.Flags().BoolVar(&save, "save", false, "file the pairs in the review queue")
	cmd.Flags().StringVar(&since, "since", "", "incremental: check only the records created or changed since this day (YYYY-MM-DD) or instant (RFC 3339) against the whole register")
	cmd.Flags().IntVar(&blockCap, "block-cap", dedupe.DefaultBlockCap, "records a blocking key holds before it is split into narrower keys (fewer: faster, fewer pairs found)")
	return cmd
}

// parseSince reads a day (its start, UTC) or an RFC 3339 instant.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return parseDay(s)
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
