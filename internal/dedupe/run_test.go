package dedupe_test

import (
	"testing"

	"dancu/internal/dedupe"
)

// A full run on several goroutines finds exactly the pairs, in the same
// order, of checking the records one by one.
func TestFindAllMatchesRecordByRecord(t *testing.T) {
	citizens, _ := generated(t, 3000)
	recs := prepare(citizens)
	freq := dedupe.NewFrequencies()
	for i := range recs {
		freq.Add(&recs[i])
	}
	d := dedupe.NewDetector(freq, dedupe.Options{})
	var want []dedupe.Pair
	for i := range recs {
		want = append(want, d.Check(&recs[i])...)
	}
	for _, workers := range []int{1, 2, 3} {
		run := dedupe.FindAll(prepare(citizens), dedupe.Options{Workers: workers})
		if len(run.Pairs) != len(want) || run.Compared != d.Compared {
			t.Fatalf("workers=%d: %d pairs from %d comparisons, want %d from %d", workers, len(run.Pairs), run.Compared, len(want), d.Compared)
		}
		for i, p := range run.Pairs {
			w := want[i]
			if p.Left.Ref != w.Left.Ref || p.Right.Ref != w.Right.Ref || p.Decision != w.Decision || p.Score.Weight != w.Score.Weight {
				t.Fatalf("workers=%d: pair %d = %s/%s %s %.3f, want %s/%s %s %.3f", workers, i,
					p.Left.Ref, p.Right.Ref, p.Decision, p.Score.Weight, w.Left.Ref, w.Right.Ref, w.Decision, w.Score.Weight)
			}
		}
	}
}

// An absorbed form pairs with the record holding it as a match; forms of
// records no longer indexed are skipped.
func TestFormPairs(t *testing.T) {
	citizens, _ := generated(t, 200)
	recs := prepare(citizens[:50])
	for i := range recs {
		recs[i].ID = recs[i].Ref + "-id"
	}
	run := dedupe.FindAll(recs, dedupe.Options{})
	byID := map[string]*dedupe.Record{recs[3].ID: &recs[3]}
	pairs := run.Detector.FormPairs([]dedupe.Form{{Ref: "FORM-1", ID: recs[3].ID}, {Ref: "FORM-2", ID: "merged-away"}}, byID)
	if len(pairs) != 1 {
		t.Fatalf("got %d form pairs, want 1", len(pairs))
	}
	if p := pairs[0]; p.Left.Ref != recs[3].Ref || p.Right.Ref != "FORM-1" || p.Decision != dedupe.Match {
		t.Errorf("form pair = %s/%s %s, want %s/FORM-1 match", p.Left.Ref, p.Right.Ref, p.Decision, recs[3].Ref)
	}
	q := dedupe.Evaluate(pairs, []dedupe.RefPair{{Left: "FORM-1", Right: recs[3].Ref}})
	if q.MatchRecall != 1 || q.MatchPrecision != 1 {
		t.Errorf("evaluation of the form pair: %+v", q)
	}
}
