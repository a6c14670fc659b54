package dupeval

// Scoring a matcher's answer against the truth lives with the set, so that
// a benchmark only has to hand over the pairs its matcher proposed.

// Predicted is a pair a matcher proposed: Match true for a match, false
// for a pair sent to review.
type Predicted struct {
	Left, Right string
	Match       bool
}

// ClassScore is the recall on the true pairs that carry one class.
type ClassScore struct {
	Class         Class
	Pairs         int // true pairs with this class
	Match         int // of them, proposed as matches
	MatchOrReview int // of them, proposed at all
}

// KindScore counts the hard negatives of one kind that were proposed.
type KindScore struct {
	Kind   Kind
	Pairs  int
	Match  int // wrongly proposed as matches
	Review int // sent to review
}

// Scores are a matcher's figures on the set.
type Scores struct {
	TruePairs          int
	Matches, Reviews   int // distinct pairs proposed
	TrueMatches        int // proposed matches that are true pairs
	TrueReviews        int
	MatchPrecision     float64      // TrueMatches / Matches (1 when nothing was proposed)
	MatchRecall        float64      // TrueMatches / TruePairs
	MatchReviewRecall  float64      // (TrueMatches + TrueReviews) / TruePairs
	ByClass            []ClassScore // in ClassTable order
	Negatives          []KindScore  // twin, namesake, father_son, sibling
	UnknownRefs        int          // proposed pairs naming a record the set does not have
	NegativesProposed  int          // hard negatives proposed at either level
	MatchesOnNegatives int          // hard negatives proposed as matches
}

func pairKey(a, b string) [2]string {
	if b < a {
		a, b = b, a
	}
	return [2]string{a, b}
}

// Score compares proposed pairs with the truth. A pair proposed twice
// counts once, at its higher level; order within a pair does not matter.
func (s *Set) Score(pred []Predicted) Scores {
	refs := make(map[string]bool, len(s.Rows))
	for i := range s.Rows {
		refs[s.Rows[i].RecordRef()] = true
	}
	proposed := make(map[[2]string]bool, len(pred)) // pair -> match
	var order [][2]string
	sc := Scores{TruePairs: len(s.Pairs)}
	for _, p := range pred {
		if !refs[p.Left] || !refs[p.Right] || p.Left == p.Right {
			sc.UnknownRefs++
			continue
		}
		k := pairKey(p.Left, p.Right)
		m, seen := proposed[k]
		if !seen {
			order = append(order, k)
		}
		proposed[k] = m || p.Match
	}
	truth := make(map[[2]string]bool, len(s.Pairs))
	for _, p := range s.Pairs {
		truth[pairKey(p.Left, p.Right)] = true
	}
	for _, k := range order {
		if proposed[k] {
			sc.Matches++
			if truth[k] {
				sc.TrueMatches++
			}
		} else {
			sc.Reviews++
			if truth[k] {
				sc.TrueReviews++
			}
		}
	}
	sc.MatchPrecision = 1
	if sc.Matches > 0 {
		sc.MatchPrecision = float64(sc.TrueMatches) / float64(sc.Matches)
	}
	if sc.TruePairs > 0 {
		sc.MatchRecall = float64(sc.TrueMatches) / float64(sc.TruePairs)
		sc.MatchReviewRecall = float64(sc.TrueMatches+sc.TrueReviews) / float64(sc.TruePairs)
	}
	sc.ByClass = make([]ClassScore, len(ClassTable))
	for i, c := range ClassTable {
		sc.ByClass[i].Class = c.Class
	}
	for _, p := range s.Pairs {
		m, found := proposed[pairKey(p.Left, p.Right)]
		for _, c := range p.Classes {
			cs := &sc.ByClass[classIndex[c]]
			cs.Pairs++
			if found {
				cs.MatchOrReview++
				if m {
					cs.Match++
				}
			}
		}
	}
	kinds := []Kind{Twin, Namesake, FatherSon, Sibling}
	sc.Negatives = make([]KindScore, len(kinds))
	for i, k := range kinds {
		sc.Negatives[i].Kind = k
	}
	for _, p := range s.Negatives {
		for i := range sc.Negatives {
			ks := &sc.Negatives[i]
			if ks.Kind != p.Kind {
				continue
			}
			ks.Pairs++
			if m, found := proposed[pairKey(p.Left, p.Right)]; found {
				sc.NegativesProposed++
				if m {
					ks.Match++
					sc.MatchesOnNegatives++
				} else {
					ks.Review++
				}
			}
		}
	}
	return sc
}
