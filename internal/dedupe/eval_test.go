package dedupe

import "testing"

// Per-class figures count a pair in every class its perturbed record
// carries, a combination "a+b" only where both are carried, and a wrong
// pair against the class of the perturbed record it involves.
func TestEvaluateByClassCountsEachPairInItsClasses(t *testing.T) {
	rec := func(ref string) *Record { return &Record{Ref: ref} }
	truth := []RefPair{{"A", "A2"}, {"B", "B2"}, {"C", "C2"}}
	classes := map[string][]string{"A2": {"typo", "yearonly"}, "B2": {"typo"}, "C2": {"swapdm"}}
	found := []Pair{
		{Left: rec("A"), Right: rec("A2"), Decision: Match},
		{Left: rec("B"), Right: rec("B2"), Decision: Review},
		{Left: rec("X"), Right: rec("B2"), Decision: Match}, // wrong
	}
	got := map[string]ClassQuality{}
	for _, q := range EvaluateByClass(found, truth, classes, append(ClassNames(classes), "typo+yearonly")) {
		got[q.Class] = q
	}
	for _, c := range []struct {
		class                 string
		truth, match, flagged int
		matchOK, flaggedOK    int
	}{
		{"typo", 2, 2, 3, 1, 2},
		{"yearonly", 1, 1, 1, 1, 1},
		{"typo+yearonly", 1, 1, 1, 1, 1},
		{"swapdm", 1, 0, 0, 0, 0},
	} {
		q := got[c.class]
		if q.Truth != c.truth || q.Match != c.match || q.Flagged != c.flagged || q.MatchCorrect != c.matchOK || q.FlaggedCorrect != c.flaggedOK {
			t.Errorf("%s: %+v, want truth %d match %d/%d flagged %d/%d", c.class, q.Quality, c.truth, c.matchOK, c.match, c.flaggedOK, c.flagged)
		}
	}
}
