package cli

import (
	"context"
	"fmt"
	"path/filepath"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/synth/dupeval"
	"dancu/internal/units"
	"dancu/internal/wire"
)

// dupevalSeed is the seed of the independent set the bench scores: fixed,
// so that every run measures the same set, and the default of
// `dancu generate-dupeval`, so that `dancu generate-dupeval --people N
// --withhold-ids` writes exactly the set a bench run scored.
const dupevalSeed = 1

// The targets on the independent set (issue 11, item 23).
const (
	dupevalTargetPrecision         = 0.995
	dupevalTargetMatchRecall       = 0.90
	dupevalTargetMatchReviewRecall = 0.98
)

// dupevalResult is what the dupeval evaluation measured.
type dupevalResult struct {
	People int
	Seed   int64
	Import registry.Stats
	Run    dedupe.RunStats
	Scores dupeval.Scores
}

// runDupevalBench scores the full duplicate detection on the independent
// evaluation set (internal/synth/dupeval), which was built apart from the
// matcher. The set goes the way real forms go: written as an import file,
// imported into a fresh register through the same path as the generator's
// set, then the full run over the register. Copies carry no ID number of
// their own original (WithholdIDs): with numbers kept, the importer files
// most copies as conflicts for review and the matcher never sees them.
func (a *app) runDupevalBench(ctx context.Context, dir string, people int, blockCap int) (dupevalResult, error) {
	res := dupevalResult{People: people, Seed: dupevalSeed}
	set, err := dupeval.Generate(dupeval.Options{People: people, Seed: dupevalSeed, WithholdIDs: true})
	if err != nil {
		return res, err
	}
	file, truthFile := filepath.Join(dir, "dupeval.csv"), filepath.Join(dir, "dupeval-truth.csv")
	if err := set.WriteFiles(file, truthFile); err != nil {
		return res, err
	}
	path := filepath.Join(dir, "dupeval.db")
	sqlstore.RemoveSQLite(path)
	db, err := sqlstore.Open(ctx, "sqlite:"+path, sqlstore.Options{Units: units.Default()})
	if err != nil {
		return res, err
	}
	defer db.Close()
	info, err := a.importFile(ctx, db, file, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC),
		importFlags{actor: "bench", chunk: 2000, noProgress: true, skipInvalid: true, report: filepath.Join(dir, "dupeval.errors.csv")})
	if err != nil {
		return res, err
	}
	res.Import = info.Stats
	pairs, run, err := wire.Dedupe(db, dir, a.log).FindAll(ctx, dedupe.Options{BlockCap: blockCap})
	if err != nil {
		return res, err
	}
	res.Run = run
	res.Scores = set.Score(predictedPairs(pairs))
	return res, nil
}

// predictedPairs names the matcher's pairs by record_ref, the key of the
// evaluation set's truth.
func predictedPairs(pairs []dedupe.Pair) []dupeval.Predicted {
	out := make([]dupeval.Predicted, 0, len(pairs))
	for _, p := range pairs {
		if p.Decision == dedupe.Distinct {
			continue
		}
		out = append(out, dupeval.Predicted{Left: p.Left.Ref, Right: p.Right.Ref, Match: p.Decision == dedupe.Match})
	}
	return out
}

// meets marks a figure against its target.
func meets(v, target float64) string {
	if v >= target {
		return "met"
	}
	return "NOT MET"
}

func (a *app) printDupeval(r dupevalResult) {
	sc, st := r.Scores, r.Import
	fmt.Fprintf(a.out, "bench dedupe independent set (dupeval, seed %d, %d people, copies without their original's ID number): %d true pairs, %d records\n",
		r.Seed, r.People, sc.TruePairs, r.Run.Records)
	fmt.Fprintf(a.out, "  import: %d rows, %d inserted, %d conflicts, %d unchanged, %d invalid\n",
		st.Rows, st.Inserted, st.Conflicts, st.Unchanged, st.Invalid)
	fmt.Fprintf(a.out, "  match precision          %.4f (target ≥ %.3f, %s)  [%d of %d proposed matches are true pairs]\n",
		sc.MatchPrecision, dupevalTargetPrecision, meets(sc.MatchPrecision, dupevalTargetPrecision), sc.TrueMatches, sc.Matches)
	fmt.Fprintf(a.out, "  match recall             %.4f (target ≥ %.2f, %s)  [%d of %d true pairs]\n",
		sc.MatchRecall, dupevalTargetMatchRecall, meets(sc.MatchRecall, dupevalTargetMatchRecall), sc.TrueMatches, sc.TruePairs)
	fmt.Fprintf(a.out, "  match + review recall    %.4f (target ≥ %.2f, %s)  [%d of %d true pairs; %d pairs sent to review, %d of them true]\n",
		sc.MatchReviewRecall, dupevalTargetMatchReviewRecall, meets(sc.MatchReviewRecall, dupevalTargetMatchReviewRecall),
		sc.TrueMatches+sc.TrueReviews, sc.TruePairs, sc.Reviews, sc.TrueReviews)
	if sc.UnknownRefs > 0 {
		fmt.Fprintf(a.out, "  %d proposed pairs name a record the set does not hold\n", sc.UnknownRefs)
	}
	fmt.Fprintf(a.out, "  hard negatives proposed: %d (%d as match)\n", sc.NegativesProposed, sc.MatchesOnNegatives)
	for _, k := range sc.Negatives {
		fmt.Fprintf(a.out, "    %-12s %5d pairs  %4d as match  %4d to review\n", k.Kind, k.Pairs, k.Match, k.Review)
	}
	fmt.Fprintf(a.out, "  recall per error class (a pair counts in each class its copy carries):\n")
	fmt.Fprintf(a.out, "    %-20s %6s  %-6s  %s\n", "class", "pairs", "match", "match+review")
	for _, c := range sc.ByClass {
		if c.Pairs == 0 { // id_missing, when copies withhold numbers
			fmt.Fprintf(a.out, "    %-20s %6d  %-6s  %s\n", c.Class, 0, "-", "-")
			continue
		}
		fmt.Fprintf(a.out, "    %-20s %6d  %.4f  %.4f\n", c.Class, c.Pairs,
			float64(c.Match)/float64(c.Pairs), float64(c.MatchOrReview)/float64(c.Pairs))
	}
	fmt.Fprintf(a.out, "  time %s (load, block, score)", r.Run.Elapsed.Round(time.Millisecond))
	a.printPeaks(r.Run)
	fmt.Fprintln(a.out)
}
