package dupeval

import (
	"math"
	"testing"
)

func TestScoreCountsWhatWasProposed(t *testing.T) {
	s, err := Generate(Options{People: 2000, Seed: 12})
	if err != nil {
		t.Fatal(err)
	}
	n := len(s.Pairs)
	if n < 20 || len(s.Negatives) < 4 {
		t.Fatalf("set too small: %d pairs, %d negatives", n, len(s.Negatives))
	}
	// Half the true pairs as matches (reversed, and one proposed twice),
	// a quarter for review, one hard negative as a match, one unknown ref.
	var pred []Predicted
	for i, p := range s.Pairs {
		switch {
		case i < n/2:
			pred = append(pred, Predicted{Left: p.Right, Right: p.Left, Match: true})
		case i < n/2+n/4:
			pred = append(pred, Predicted{Left: p.Left, Right: p.Right})
		}
	}
	pred = append(pred, Predicted{Left: s.Pairs[0].Left, Right: s.Pairs[0].Right}) // again, at review level
	neg := s.Negatives[0]
	pred = append(pred, Predicted{Left: neg.Left, Right: neg.Right, Match: true}, Predicted{Left: "nobody", Right: neg.Left})

	sc := s.Score(pred)
	if sc.TrueMatches != n/2 || sc.Matches != n/2+1 || sc.TrueReviews != n/4 || sc.UnknownRefs != 1 {
		t.Fatalf("matches %d (true %d), reviews true %d, unknown %d", sc.Matches, sc.TrueMatches, sc.TrueReviews, sc.UnknownRefs)
	}
	if want := float64(n/2) / float64(n/2+1); math.Abs(sc.MatchPrecision-want) > 1e-12 {
		t.Errorf("precision %v, want %v", sc.MatchPrecision, want)
	}
	if want := float64(n/2+n/4) / float64(n); math.Abs(sc.MatchReviewRecall-want) > 1e-12 {
		t.Errorf("match+review recall %v, want %v", sc.MatchReviewRecall, want)
	}
	if sc.MatchesOnNegatives != 1 || sc.NegativesProposed != 1 {
		t.Errorf("negatives: %d proposed, %d as matches, want 1 and 1", sc.NegativesProposed, sc.MatchesOnNegatives)
	}
	total := 0
	for _, c := range sc.ByClass {
		if c.Match > c.MatchOrReview || c.MatchOrReview > c.Pairs {
			t.Errorf("class %s: %d match, %d proposed, %d pairs", c.Class, c.Match, c.MatchOrReview, c.Pairs)
		}
		total += c.Pairs
	}
	if total < n {
		t.Errorf("classes cover %d pair-classes for %d pairs", total, n)
	}
	perfect := make([]Predicted, n)
	for i, p := range s.Pairs {
		perfect[i] = Predicted{Left: p.Left, Right: p.Right, Match: true}
	}
	if sc := s.Score(perfect); sc.MatchPrecision != 1 || sc.MatchRecall != 1 || sc.MatchReviewRecall != 1 {
		t.Errorf("the truth itself scores %v / %v / %v", sc.MatchPrecision, sc.MatchRecall, sc.MatchReviewRecall)
	}
}
