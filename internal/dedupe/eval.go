package dedupe

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
