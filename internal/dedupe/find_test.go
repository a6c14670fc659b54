package dedupe_test

import (
	"testing"
	"time"

	"dancu/internal/dc01"
	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/synth"
	"dancu/internal/units"
)

// generated converts a synthetic population with duplicates to citizens.
func generated(tb testing.TB, people int) ([]registry.Citizen, []dedupe.RefPair) {
	tb.Helper()
	cv := &registry.Converter{Units: units.Default(), AsOf: time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)}
	var citizens []registry.Citizen
	var truth []dedupe.RefPair
	err := synth.Generate(synth.Options{Province: "42", People: people, Seed: 3, DuplicateRate: 0.08},
		func(row *dc01.Row) error {
			if c := cv.Convert(row); len(c.Errors) == 0 {
				citizens = append(citizens, c.Citizen)
			}
			return nil
		},
		func(t synth.Truth) error {
			truth = append(truth, dedupe.RefPair{Left: t.LeftRef, Right: t.RightRef})
			return nil
		})
	if err != nil {
		tb.Fatal(err)
	}
	return citizens, truth
}

func prepare(cs []registry.Citizen) []dedupe.Record {
	out := make([]dedupe.Record, len(cs))
	for i, c := range cs {
		out[i] = dedupe.Prepare(c)
	}
	return out
}

// Quality bars on both duplicate sets: the generator's, and dedupe's own
// independent perturbations with hard negatives.
func TestFindQuality(t *testing.T) {
	citizens, truth := generated(t, 5000)
	check := func(name string, q dedupe.Quality) {
		t.Logf("%s: %+v", name, q)
		if q.MatchPrecision < 0.995 || q.MatchRecall < 0.98 || q.FlaggedRecall < 0.99 {
			t.Errorf("%s: match precision %.4f recall %.4f, flagged recall %.4f", name, q.MatchPrecision, q.MatchRecall, q.FlaggedRecall)
		}
	}
	// Forms that keep the original's ID number would never become two
	// citizens; clear the copy's number as the register would draw a new one.
	dupRefs := map[string]bool{}
	for _, p := range truth {
		dupRefs[p.Right] = true
	}
	var base []registry.Citizen
	for i := range citizens {
		if dupRefs[citizens[i].RecordRef] {
			citizens[i].IDNumber = ""
		} else {
			base = append(base, citizens[i])
		}
	}
	check("generator", dedupe.Evaluate(dedupe.Find(prepare(citizens), dedupe.Options{}), truth))
	set := dedupe.BuildEvalSet(base, 0.08, 11)
	check("independent", dedupe.Evaluate(dedupe.Find(prepare(set.Records), dedupe.Options{}), set.Truth))
}

func BenchmarkFind(b *testing.B) {
	citizens, _ := generated(b, 20000)
	recs := prepare(citizens)
	b.ResetTimer()
	for b.Loop() {
		dedupe.Find(recs, dedupe.Options{})
	}
	b.ReportMetric(float64(len(recs)), "records")
}

func BenchmarkScore(b *testing.B) {
	citizens, truth := generated(b, 5000)
	recs := prepare(citizens)
	f := dedupe.NewFrequencies()
	by := map[string]*dedupe.Record{}
	for i := range recs {
		f.Add(&recs[i])
		by[recs[i].Ref] = &recs[i]
	}
	s := dedupe.NewScorer(f, 0.07)
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		p := truth[i%len(truth)]
		s.Score(by[p.Left], by[p.Right])
	}
}
