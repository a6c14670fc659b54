package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/synth"
	"dancu/internal/units"
)

func (a *app) benchDedupeCommand(f *benchFlags) *cobraCommand {
	var rate float64
	var blockCap int
	cmd := &cobraCommand{
		Use:   "dedupe",
		Short: "Duplicate detection precision/recall on the generator's duplicates and on an independent perturbed set",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			return a.runDedupeBench(cmd.Context(), f, rate, blockCap)
		},
	}
	cmd.Flags().Float64Var(&rate, "rate", 0.08, "share of people with a duplicate")
	cmd.Flags().IntVar(&blockCap, "block-cap", dedupe.DefaultBlockCap, "records a blocking key holds before it is split into narrower keys")
	return cmd
}

func (a *app) runDedupeBench(ctx context.Context, f *benchFlags, rate float64, blockCap int) error {
	dir := f.dir
	if dir == "" {
		d, err := os.MkdirTemp("", "dancu-bench-dedupe-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(d)
		dir = d
	}
	file, truthFile := filepath.Join(dir, "dedupe-population.csv"), filepath.Join(dir, "dedupe-truth.csv")
	if _, err := synth.WriteFile(file, synth.Options{Province: "42", People: f.people, Seed: 42, DuplicateRate: rate}, truthFile); err != nil {
		return err
	}
	path := filepath.Join(dir, "dedupe.db")
	for _, suffix := range []string{"", "-wal", "-shm"} {
		os.Remove(path + suffix)
	}
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := a.importFile(ctx, db, file, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		importFlags{actor: "bench", chunk: 2000, noProgress: true, skipInvalid: true, report: filepath.Join(dir, "dedupe.errors.csv")}); err != nil {
		return err
	}
	truth, classes, err := readTruth(truthFile)
	if err != nil {
		return err
	}
	pairs, run, err := a.findDuplicates(ctx, db, dedupe.Options{BlockCap: blockCap})
	if err != nil {
		return err
	}
	a.printQuality("generator duplicates (all true pairs, absorbed forms included)", dedupe.Evaluate(pairs, truth), run)
	a.printClasses(pairs, truth, classes, generatorCombos)
	a.printIncremental(run.detector, 1000)
	return a.benchIndependentSet(ctx, db, truth, rate, blockCap)
}

// benchIndependentSet evaluates on a duplicate set made by dedupe's own
// perturbation model from the register's records that have no duplicate.
func (a *app) benchIndependentSet(ctx context.Context, db *sqlstore.DB, truth []dedupe.RefPair, rate float64, blockCap int) error {
	dups := map[string]bool{}
	for _, t := range truth {
		dups[t.Right] = true
	}
	var base []registry.Citizen
	if err := db.ForEachCitizen(ctx, func(c registry.Citizen) error {
		if !dups[c.RecordRef] {
			base = append(base, c)
		}
		return nil
	}); err != nil {
		return err
	}
	set := dedupe.BuildEvalSet(base, rate, 7)
	start := time.Now()
	records := make([]dedupe.Record, len(set.Records))
	for i, c := range set.Records {
		records[i] = dedupe.Prepare(c)
	}
	assigned, err := loadAssignedShare(ctx, db)
	if err != nil {
		return err
	}
	dedupe.OrderForLocality(records) // as a full run does (see there)
	pairs := dedupe.Find(records, dedupe.Options{AssignedShare: assigned, BlockCap: blockCap})
	run := dedupeRun{records: len(records), elapsed: time.Since(start)}
	a.printQuality(fmt.Sprintf("independent set (%d perturbed copies, %d hard negatives)", len(set.Truth), set.Negatives),
		dedupe.Evaluate(pairs, set.Truth), run)
	a.printClasses(pairs, set.Truth, set.Classes, nil)
	return nil
}

// generatorCombos are the combinations of the generator's error classes
// reported besides the classes themselves: a one-letter typo on top of a
// dropped middle name, a year-only date or swapped day and month.
var generatorCombos = []string{"typo+dropmiddle", "typo+yearonly", "typo+swapdm", "spelling+dropmiddle", "spelling+yearonly"}

// printClasses prints precision and recall per error class (see
// dedupe.EvaluateByClass).
func (a *app) printClasses(pairs []dedupe.Pair, truth []dedupe.RefPair, classes map[string][]string, combos []string) {
	names := append(dedupe.ClassNames(classes), combos...)
	fmt.Fprintf(a.out, "  per error class (a pair counts in each class its perturbed record carries):\n")
	fmt.Fprintf(a.out, "  %-22s %6s  %-17s  %-17s\n", "class", "pairs", "match P / R", "match+review P / R")
	for _, q := range dedupe.EvaluateByClass(pairs, truth, classes, names) {
		fmt.Fprintf(a.out, "  %-22s %6d  %.4f / %.4f  %.4f / %.4f\n", q.Class, q.Truth, q.MatchPrecision, q.MatchRecall, q.FlaggedPrecision, q.FlaggedRecall)
	}
}

// loadAssignedShare is the share of numbers the register drew (see
// dedupe.NewScorer), from the batch statistics.
func loadAssignedShare(ctx context.Context, db *sqlstore.DB) (float64, error) {
	batches, err := db.Batches(ctx, 1<<30)
	if err != nil {
		return 0, err
	}
	var assigned, inserted int
	for _, b := range batches {
		assigned, inserted = assigned+b.Stats.Assigned, inserted+b.Stats.Inserted
	}
	if inserted == 0 {
		return 0, nil
	}
	return float64(assigned) / float64(inserted), nil
}

func (a *app) printQuality(what string, q dedupe.Quality, run dedupeRun) {
	fmt.Fprintf(a.out, "bench dedupe %s: %d true pairs, %d records\n", what, q.Truth, run.records)
	fmt.Fprintf(a.out, "  match:          precision %.4f (target ≥ 0.995)  recall %.4f (target ≥ 0.98)  [%d pairs]\n", q.MatchPrecision, q.MatchRecall, q.Match)
	fmt.Fprintf(a.out, "  match + review: precision %.4f                   recall %.4f (target ≥ 0.995)  [%d pairs]\n", q.FlaggedPrecision, q.FlaggedRecall, q.Flagged)
	if run.compared > 0 {
		fmt.Fprintf(a.out, "  %d candidate pairs scored, %.0f pairs/s; ", run.compared, float64(run.compared)/run.elapsed.Seconds())
	} else {
		fmt.Fprintf(a.out, "  ")
	}
	fmt.Fprintf(a.out, "time %s (load, block, score)", run.elapsed.Round(time.Millisecond))
	if run.load > 0 {
		fmt.Fprintf(a.out, ", of which load %s", run.load.Round(time.Millisecond))
	}
	if run.peakMem > 0 {
		fmt.Fprintf(a.out, "; peak memory %d MB", run.peakMem>>20)
	}
	fmt.Fprintln(a.out)
}

// readTruth reads the generator's true pairs and the error classes of
// each re-collected form (keyed by its record_ref).
func readTruth(path string) ([]dedupe.RefPair, map[string][]string, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, nil, err
	}
	defer fh.Close()
	rd := csv.NewReader(fh)
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", path, err)
	}
	var out []dedupe.RefPair
	classes := map[string][]string{}
	for i, r := range rows {
		if i == 0 || len(r) < 2 {
			continue // header
		}
		out = append(out, dedupe.RefPair{Left: r[0], Right: r[1]})
		if len(r) > 2 && r[2] != "" {
			classes[r[1]] = strings.Split(r[2], "+")
		}
	}
	return out, classes, nil
}
