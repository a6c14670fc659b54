package cli

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/sqlstore"
	"dancu/internal/synth"
	"dancu/internal/synth/dupeval"
	"dancu/internal/units"
	"dancu/internal/wire"
)

func (a *app) benchDedupeCommand(f *benchFlags) *cobraCommand {
	var rate float64
	var blockCap, dupevalPeople int
	var reference bool
	cmd := &cobraCommand{
		Use:   "dedupe",
		Short: "Duplicate detection precision/recall on the generator's duplicates, on a perturbed set and on the independent dupeval set",
		Args:  noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			if dupevalPeople < 0 || dupevalPeople > dupeval.MaxPeople {
				return fmt.Errorf("--dupeval-people %d: want 0 (off) to %d", dupevalPeople, dupeval.MaxPeople)
			}
			return a.runDedupeBench(cmd.Context(), f, rate, blockCap, dupevalPeople, reference)
		},
	}
	cmd.Flags().Float64Var(&rate, "rate", 0.08, "share of people with a duplicate")
	cmd.Flags().IntVar(&dupevalPeople, "dupeval-people", 20000, "people in the independent evaluation set (internal/synth/dupeval, fixed seed); 0 skips it")
	cmd.Flags().BoolVar(&reference, "in-memory-reference", false, "also run the in-memory detection (the whole register in memory) on the same register and compare its pairs, time and peak memory")
	cmd.Flags().IntVar(&blockCap, "block-cap", dedupe.DefaultBlockCap, "records a blocking key holds before it is split into narrower keys")
	return cmd
}

func (a *app) runDedupeBench(ctx context.Context, f *benchFlags, rate float64, blockCap, dupevalPeople int, reference bool) error {
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
	sqlstore.RemoveSQLite(path)
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return err
	}
	defer db.Close()
	if _, err := a.importFile(ctx, db, file, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		importFlags{actor: "bench", chunk: 2000, noProgress: true, skipInvalid: true, report: filepath.Join(dir, "dedupe.errors.csv")}); err != nil {
		return err
	}
	fh, err := os.Open(truthFile)
	if err != nil {
		return err
	}
	truth, classes, err := dedupe.ReadTruth(fh)
	fh.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", truthFile, err)
	}
	svc := wire.Dedupe(db, dir, a.log)
	// The import's garbage goes back to the system first, so the run's
	// peak RSS is its own (a fresh process under /usr/bin/time -v running
	// dancu duplicates gives the same figure without the import's mapped pages).
	debug.FreeOSMemory()
	pairs, run, err := svc.FindAll(ctx, dedupe.Options{BlockCap: blockCap})
	if err != nil {
		return err
	}
	a.printQuality("generator duplicates (all true pairs, absorbed forms included)", dedupe.Evaluate(pairs, truth), run)
	a.printClasses(pairs, truth, classes, generatorCombos)
	if reference {
		if err := a.printInMemoryReference(ctx, svc, pairs, blockCap); err != nil {
			return err
		}
	}
	d, err := svc.IndexAll(ctx, dedupe.Options{BlockCap: blockCap})
	if err != nil {
		return err
	}
	a.printCheckTimes(dedupe.TimeChecks(d, 1000))
	q, set, run, err := svc.IndependentSet(ctx, truth, rate, blockCap)
	if err != nil {
		return err
	}
	a.printQuality(fmt.Sprintf("independent set (%d perturbed copies, %d hard negatives)", len(set.Truth), set.Negatives), q, run)
	a.printClasses(set.Found, set.Truth, set.Classes, nil)
	if dupevalPeople > 0 {
		r, err := a.runDupevalBench(ctx, dir, dupevalPeople, blockCap)
		if err != nil {
			return fmt.Errorf("dupeval set: %w", err)
		}
		a.printDupeval(r)
	}
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

func (a *app) printQuality(what string, q dedupe.Quality, run dedupe.RunStats) {
	fmt.Fprintf(a.out, "bench dedupe %s: %d true pairs, %d records\n", what, q.Truth, run.Records)
	fmt.Fprintf(a.out, "  match:          precision %.4f (target ≥ 0.995)  recall %.4f (target ≥ 0.98)  [%d pairs]\n", q.MatchPrecision, q.MatchRecall, q.Match)
	fmt.Fprintf(a.out, "  match + review: precision %.4f                   recall %.4f (target ≥ 0.995)  [%d pairs]\n", q.FlaggedPrecision, q.FlaggedRecall, q.Flagged)
	if run.Compared > 0 {
		fmt.Fprintf(a.out, "  %d candidate pairs scored, %.0f pairs/s; ", run.Compared, float64(run.Compared)/run.Elapsed.Seconds())
	} else {
		fmt.Fprintf(a.out, "  ")
	}
	fmt.Fprintf(a.out, "time %s (load, block, score)", run.Elapsed.Round(time.Millisecond))
	if run.Load > 0 {
		fmt.Fprintf(a.out, ", of which load %s", run.Load.Round(time.Millisecond))
	}
	a.printPeaks(run)
	fmt.Fprintln(a.out)
}

// printPeaks prints a run's peak memory: the Go runtime's, and the
// process's resident set, which also counts SQLite's cache and mapped pages.
func (a *app) printPeaks(run dedupe.RunStats) {
	if run.PeakMem > 0 {
		fmt.Fprintf(a.out, "; peak memory %d MB (Go runtime)", run.PeakMem>>20)
	}
	if run.PeakRSS > 0 {
		fmt.Fprintf(a.out, ", peak RSS %d MB (target ≤ 1536 MB at 1M)", run.PeakRSS>>20)
	}
}

func (a *app) printCheckTimes(c dedupe.CheckTimes) {
	if c.Checks == 0 {
		return
	}
	fmt.Fprintf(a.out, "bench dedupe incremental check of one new record against %d indexed: p50 %s  p95 %s (target < 20ms)  max %s  [%d checks, %d found their original]\n",
		c.Indexed, c.P50.Round(time.Microsecond), c.P95.Round(time.Microsecond), c.Max.Round(time.Microsecond), c.Checks, c.Found)
}

// printInMemoryReference runs the in-memory detection on the same register
// and prints its time and peak memory next to the streaming run's, and
// whether both found the same pairs with the same scores.
func (a *app) printInMemoryReference(ctx context.Context, svc *dedupe.Service, streamed []dedupe.Pair, blockCap int) error {
	debug.FreeOSMemory()
	pairs, run, err := svc.FindAllInMemory(ctx, dedupe.Options{BlockCap: blockCap})
	if err != nil {
		return err
	}
	fmt.Fprintf(a.out, "  reference, in-memory run on the same register: %d candidate pairs scored, time %s, of which load %s",
		run.Compared, run.Elapsed.Round(time.Millisecond), run.Load.Round(time.Millisecond))
	a.printPeaks(run)
	fmt.Fprintln(a.out)
	missing, extra := dedupe.DiffPairs(pairs, streamed)
	fmt.Fprintf(a.out, "  same pairs as the in-memory run: %d pairs, %d missing, %d extra or scored differently\n", len(pairs), missing, extra)
	return nil
}
