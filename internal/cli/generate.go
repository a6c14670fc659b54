package cli

import (
	"fmt"
	"time"

	"dancu/internal/synth"
)

func (a *app) generateCommand() *cobraCommand {
	var opts synth.Options
	var out, truth, asOf string
	cmd := &cobraCommand{
		Use:   "generate",
		Short: "Write a synthetic, realistic population of one province in the import format",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if asOf != "" {
				t, err := time.Parse(time.DateOnly, asOf)
				if err != nil {
					return fmt.Errorf("--as-of: want YYYY-MM-DD: %w", err)
				}
				opts.AsOf = t
			}
			if truth != "" && opts.DuplicateRate == 0 {
				return fmt.Errorf("--truth needs --duplicates RATE")
			}
			start := time.Now()
			st, err := synth.WriteFile(out, opts, truth)
			if err != nil {
				return err
			}
			el := time.Since(start)
			fmt.Fprintf(a.out, "%s: %d people in %d households, %d rows (%d duplicate forms) in %s (%.0f people/s)\n",
				out, st.People, st.Households, st.Rows, st.Duplicates, el.Round(time.Millisecond), float64(st.People)/el.Seconds())
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Province, "province", "42", "province code (list in force at --as-of)")
	f.IntVar(&opts.People, "people", 10000, "number of distinct people")
	f.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same file")
	f.StringVar(&out, "out", "population.csv", "output file: .csv or .jsonl, optionally .gz")
	f.Float64Var(&opts.DuplicateRate, "duplicates", 0, "share of people with a second, re-collected form (0..1)")
	f.StringVar(&truth, "truth", "", "write the true duplicate pairs (left_ref,right_ref) to this CSV")
	f.StringVar(&asOf, "as-of", "", "reference date for ages (YYYY-MM-DD, default 2026-01-01 for reproducibility)")
	return cmd
}
