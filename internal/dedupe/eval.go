package dedupe

import (
	"fmt"
	"slices"
	"strings"
)

// RefPair names a pair of records by their record_refs, in either order.
type RefPair struct{ Left, Right string }

func (p RefPair) key() RefPair {
	if p.Left > p.Right {
		return RefPair{p.Right, p.Left}
	}
	return p
}

// Quality is pair precision and recall of a run against the true pairs.
type Quality struct {
	Truth int
	// Match counts the pairs decided "match"; Flagged those decided "match"
	// or "review".
	Match, Flagged                  int
	MatchCorrect, FlaggedCorrect    int
	MatchPrecision, MatchRecall     float64
	FlaggedPrecision, FlaggedRecall float64
}

// Evaluate compares found pairs with the true ones. Order within a pair
// does not matter.
func Evaluate(found []Pair, truth []RefPair) Quality {
	want := make(map[RefPair]bool, len(truth))
	for _, t := range truth {
		want[t.key()] = true
	}
	q := Quality{Truth: len(want)}
	seen := map[RefPair]bool{}
	for _, p := range found {
		k := RefPair{p.Left.Ref, p.Right.Ref}.key()
		if seen[k] {
			continue
		}
		seen[k] = true
		q.Flagged++
		if want[k] {
			q.FlaggedCorrect++
		}
		if p.Decision == Match {
			q.Match++
			if want[k] {
				q.MatchCorrect++
			}
		}
	}
	q.MatchPrecision, q.MatchRecall = ratio(q.MatchCorrect, q.Match), ratio(q.MatchCorrect, q.Truth)
	q.FlaggedPrecision, q.FlaggedRecall = ratio(q.FlaggedCorrect, q.Flagged), ratio(q.FlaggedCorrect, q.Truth)
	return q
}

// ratio is a/b, and 1 when b is 0 (nothing to find, nothing claimed).
func ratio(a, b int) float64 {
	if b == 0 {
		return 1
	}
	return float64(a) / float64(b)
}

// ClassQuality is the quality of a run on the true pairs of one error
// class, and on the pairs found that involve a record of that class.
type ClassQuality struct {
	Class string
	Quality
}

// EvaluateByClass reports quality per error class. classes maps the
// record_ref of each perturbed record (the re-collected form) to the error
// classes it carries; a class "a+b" selects the records carrying both. A
// true pair counts in a class when one of its records carries it, and so
// does a found pair: precision per class is how often a pair found for a
// record with that error is right, recall how many of that error's true
// pairs were found.
func EvaluateByClass(found []Pair, truth []RefPair, classes map[string][]string, names []string) []ClassQuality {
	out := make([]ClassQuality, 0, len(names))
	for _, name := range names {
		parts := strings.Split(name, "+")
		in := func(ref string) bool {
			cs := classes[ref]
			for _, p := range parts {
				if !slices.Contains(cs, p) {
					return false
				}
			}
			return len(cs) > 0
		}
		var f []Pair
		for _, p := range found {
			if in(p.Left.Ref) || in(p.Right.Ref) {
				f = append(f, p)
			}
		}
		var t []RefPair
		for _, p := range truth {
			if in(p.Left) || in(p.Right) {
				t = append(t, p)
			}
		}
		out = append(out, ClassQuality{Class: name, Quality: Evaluate(f, t)})
	}
	return out
}

// ClassNames lists the classes of a classes map (see EvaluateByClass),
// sorted, each once.
func ClassNames(classes map[string][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, cs := range classes {
		for _, c := range cs {
			if !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

// DiffPairs compares two runs' pairs by record_ref, score and decision:
// missing counts the pairs of want that got lacks, extra the pairs of
// got that want lacks (a pair scored differently counts in both).
func DiffPairs(want, got []Pair) (missing, extra int) {
	key := func(p Pair) string {
		l, r := p.Left.Ref, p.Right.Ref
		return fmt.Sprintf("%s|%s|%.6f|%s", l, r, p.Score.Weight, p.Decision)
	}
	have := map[string]int{}
	for _, p := range got {
		have[key(p)]++
	}
	for _, p := range want {
		if have[key(p)] > 0 {
			have[key(p)]--
		} else {
			missing++
		}
	}
	for _, n := range have {
		extra += n
	}
	return missing, extra
}
