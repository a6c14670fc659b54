package dedupe

import "math"

// Thresholds split scored pairs into sure matches and pairs for review.
type Thresholds struct {
	Match  float64
	Review float64
}

// Posterior probabilities of "same person" that the thresholds stand for.
const (
	matchPosterior  = 0.995
	reviewPosterior = 0.05
)

// DefaultThresholds derives the thresholds for n records. A record has
// about one true duplicate among the n, so the prior odds of a pair are
// 1/n; a pair reaches posterior probability p when its weight (a log2
// likelihood ratio) is log2(n) + log2(p/(1-p)).
func DefaultThresholds(n int) Thresholds {
	logN := math.Log2(float64(max(n, 2)))
	return Thresholds{
		Match:  logN + math.Log2(matchPosterior/(1-matchPosterior)),
		Review: logN + math.Log2(reviewPosterior/(1-reviewPosterior)),
	}
}

// Decision is what a pair's score means.
type Decision string

const (
	Match  Decision = "match"
	Review Decision = "review"
	// Distinct: below the review threshold, or vetoed.
	Distinct Decision = ""
)

// Decide applies the thresholds and vetoes to a score. A sex veto on two
// records sharing an ID number still goes to review: one of them is then
// a data error an officer must see; so do possible twins whose given
// names are one edit apart. Other vetoes keep the pair apart.
func (t Thresholds) Decide(sc Score, sharedNumber bool) Decision {
	switch {
	case sc.Veto == VetoSex && sharedNumber:
		return Review
	case sc.Veto == VetoTwinsOrTypo && sc.Weight >= t.Review:
		return Review
	case sc.Veto == VetoSexSlip && sc.Weight >= t.Review:
		// Name, full birth date and family say one person (sexSlip).
		return Review
	case sc.Veto != "":
		return Distinct
	case sc.Weight >= t.Match:
		return Match
	case sc.Weight >= t.Review:
		return Review
	}
	return Distinct
}
