package cli

import (
	"fmt"
	"time"

	"dancu/internal/synth/dupeval"
)

// generateDupevalCommand writes the independent evaluation set for
// duplicate detection (internal/synth/dupeval).
func (a *app) generateDupevalCommand() *cobraCommand {
	var opts dupeval.Options
	var out, truth, asOf, base string
	cmd := &cobraCommand{
		Use:   "generate-dupeval",
		Short: "Write an evaluation set for duplicate detection: forms with re-collected, corrupted copies, and the truth",
		Long: "Write an import file of distinct people plus re-collected copies carrying the errors of hand-collected\n" +
			"records (see docs/BENCHMARKS.md for the classes), and a truth CSV left_ref,right_ref,kind,classes listing\n" +
			"every true pair with its error classes and the hard negatives (twin, namesake, father_son, sibling).",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if asOf != "" {
				t, err := time.Parse(time.DateOnly, asOf)
				if err != nil {
					return fmt.Errorf("--as-of: want YYYY-MM-DD: %w", err)
				}
				opts.AsOf = t
			}
			if base != "" {
				rows, err := dupeval.ReadBase(base)
				if err != nil {
					return err
				}
				opts.Base = rows
			}
			set, err := dupeval.Generate(opts)
			if err != nil {
				return err
			}
			if err := set.WriteFiles(out, truth); err != nil {
				return err
			}
			sum := set.Summarize()
			fmt.Fprintf(a.out, "%s: %d forms; %s: %d true pairs (%d with two or more classes), hard negatives: %d twin, %d namesake, %d father_son, %d sibling\n",
				out, sum.Rows, truth, sum.Pairs, sum.TwoOrMore, sum.Negatives[dupeval.Twin], sum.Negatives[dupeval.Namesake],
				sum.Negatives[dupeval.FatherSon], sum.Negatives[dupeval.Sibling])
			return nil
		},
	}
	f := cmd.Flags()
	f.IntVar(&opts.People, "people", 20000, "distinct people to generate (ignored with --base)")
	f.Int64Var(&opts.Seed, "seed", 1, "random seed; the same seed gives the same files")
	f.StringVar(&opts.Province, "province", "42", "province code of the generated people (list in force at --as-of)")
	f.Float64Var(&opts.DuplicateShare, "duplicates", dupeval.DefaultDuplicateShare, "share of people with re-collected copies (0..1)")
	f.BoolVar(&opts.WithholdIDs, "withhold-ids", false, "leave the ID number off copies that would repeat their original's, so that the importer takes every copy as a new citizen")
	f.StringVar(&base, "base", "", "start from this population file (import format, one form per person) instead of generating one")
	f.StringVar(&out, "out", "dupeval.csv", "forms file: .csv or .jsonl, optionally .gz")
	f.StringVar(&truth, "truth", "dupeval-truth.csv", "truth file (CSV)")
	f.StringVar(&asOf, "as-of", "", "reference date for ages and unit lists (YYYY-MM-DD, default 2026-01-01 for reproducibility)")
	return cmd
}
