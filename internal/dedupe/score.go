package dedupe

import (
	"fmt"
	"math"
)

// Scorer weighs candidate pairs against the value frequencies of the
// records being deduplicated.
type Scorer struct {
	freq *Frequencies
	// idDiffer is the weight of two different ID numbers (see weights.go).
	idDiffer float64
	// nearGivens / nearTokens cache the share of records whose given name
	// (or other name token) is one edit from a value.
	nearGivens, nearTokens map[string]float64
	// memo remembers the weights computed (see Scorer.weight).
	memo *weightMemo
}

// NewScorer returns a scorer over freq. assignedShare is the share of
// records whose ID number the register drew because their form had none:
// for those, two different numbers say nothing about two people.
func NewScorer(freq *Frequencies, assignedShare float64) *Scorer {
	return &Scorer{freq: freq, idDiffer: weight(min(0.01+2*assignedShare, 0.9), 1),
		nearGivens: map[string]float64{}, nearTokens: map[string]float64{}, memo: new(weightMemo)}
}

// fork returns a scorer over the same frequencies with caches of its own,
// for another goroutine.
func (s *Scorer) fork() *Scorer {
	return &Scorer{freq: s.freq, idDiffer: s.idDiffer, nearGivens: map[string]float64{}, nearTokens: map[string]float64{}, memo: new(weightMemo)}
}

// Score is the evidence on one pair.
type Score struct {
	// Weight is the log2 likelihood ratio of "same person" over "two people".
	Weight float64
	// Veto names the rule that keeps the pair apart whatever its weight
	// ("" when none applies).
	Veto Veto
	Name NameOutcome
	Date DateOutcome
}

// Score weighs the pair (a, b).
func (s *Scorer) Score(a, b *Record) Score { return s.scoreAbove(a, b, math.Inf(-1)) }

// scoreAbove is Score for a run that drops every pair weighing less than
// floor (at or below the review threshold): below it only the sex veto
// can change a decision (Thresholds.Decide), so the other vetoes, which
// compare parents' names again, are not looked at. Most candidate pairs
// are two people of one family or one name and weigh far less.
func (s *Scorer) scoreAbove(a, b *Record, floor float64) Score {
	if a.Other.IsZero() && b.Other.IsZero() {
		return s.scoreNamed(a, b, floor)
	}
	return s.scoreOtherNames(a, b, floor)
}

// scoreOtherNames scores a pair in which a record has an other name, as
// the better of the pair as written and the pair with either record known
// by its other name: a form may give the name used at home ("Tèo") and
// keep the name of the birth certificate in the other-name box, and
// the other record may hold either.
func (s *Scorer) scoreOtherNames(a, b *Record, floor float64) Score {
	best := s.scoreNamed(a, b, floor)
	if best.Name == NameExact {
		return best
	}
	for _, alt := range [2]struct{ r, o *Record }{{a, b}, {b, a}} {
		n, ok := alt.r.knownAs()
		if !ok || !CompareNames(n, alt.o.Name).agrees() {
			continue // scored again only when the other name is a name the other record bears
		}
		c := *alt.r
		c.Name, c.shares = n, nil // the cached name shares are of the other name
		var sc Score
		if alt.r == a {
			sc = s.scoreNamed(&c, b, floor)
		} else {
			sc = s.scoreNamed(a, &c, floor)
		}
		if sc.Name.agrees() && (sc.Veto == "" || best.Veto != "") && sc.Weight > best.Weight {
			best = sc
		}
	}
	return best
}

func (s *Scorer) scoreNamed(a, b *Record, floor float64) Score {
	sc := Score{Name: CompareNames(a.Name, b.Name), Date: compareDates(a.Birth, b.Birth, a.birthDigits, b.birthDigits)}
	sc.Weight = s.nameWeight(a, b, sc.Name) + s.dateWeight(a, b, sc.Date) + s.sexWeight(a, b) +
		s.numberWeight(a, b) + s.context(a, b) + s.spouseWeight(a, b) + s.minorWeight(a, b)
	if sc.Weight >= floor {
		sc.Veto = veto(a, b, sc, s.freq)
	} else if differentSexes(a, b) {
		sc.Veto = VetoSex
	}
	return sc
}

func (s *Scorer) nameWeight(a, b *Record, o NameOutcome) float64 {
	f := s.freq
	switch o {
	case NameExact:
		return s.weight(0.795, f.shareOf(a, shareFull, f.full, a.Name.Full()))
	case NameMiddleDropped:
		return s.weight(0.08, f.shareOf(a, shareSurnameGiven, f.surnameGiven, a.Name.SurnameGiven()))
	case NameMiddleDiffer:
		return s.weight(0.005, f.shareOf(a, shareSurnameGiven, f.surnameGiven, a.Name.SurnameGiven()))
	case NameTypo:
		if len(a.Name.Tokens) != len(b.Name.Tokens) { // split differently: weigh the name with its spaces
			n := a.Name
			if len(b.Name.Tokens) > len(n.Tokens) {
				n = b.Name
			}
			return s.weight(0.06, f.share(f.full, n.Full()))
		}
		if a.Name.Given() != b.Name.Given() {
			return s.weight(0.06, f.share(f.surnameMiddles, a.Name.SurnameMiddles())*s.nearGiven(a, b))
		}
		return s.weight(0.06, f.share(f.given, a.Name.Given())*f.nearShare(f.nameToken, s.nearTokens, a.Name.Surname()))
	case NameTypoMiddleChanged:
		if a.Name.Given() != b.Name.Given() {
			return s.weight(0.02, f.share(f.nameToken, a.Name.Surname())*s.nearGiven(a, b))
		}
		return s.weight(0.02, f.share(f.given, a.Name.Given())*f.nearShare(f.nameToken, s.nearTokens, a.Name.Surname()))
	case NameReordered:
		return s.weight(0.01, f.share(f.bag, a.Name.Bag()))
	case NameDiffer:
		return s.weight(0.03, 1)
	}
	return 0
}

// nearGiven is the larger of the two records' near-given shares, so the
// weight does not depend on which record came first.
func (s *Scorer) nearGiven(a, b *Record) float64 {
	f := s.freq
	return max(f.nearShare(f.given, s.nearGivens, a.Name.Given()), f.nearShare(f.given, s.nearGivens, b.Name.Given()))
}

// dateWeight weighs a date outcome at the precision both dates know, so
// the weight is the same whichever record comes first.
func (s *Scorer) dateWeight(a, b *Record, o DateOutcome) float64 {
	f := s.freq
	d := a.birthDigits
	if len(b.birthDigits) < len(d) {
		d = d[:len(b.birthDigits)]
	}
	switch o {
	case DateExact:
		return s.weight(0.88, f.birthShare(a, len(d)))
	case DateAgreeMonth:
		return s.weight(0.95, f.birthShare(a, 6))
	case DateAgreeYear:
		return s.weight(0.95, f.birthShare(a, 4))
	case DateSwapped:
		return s.weight(0.02, f.birthShare(a, len(d)))
	case DateTypo:
		return s.weight(0.03, min(1, f.birthShare(a, len(d))*neighbours[len(d)]))
	case DateSameYear:
		return s.weight(0.03, f.birthShare(a, 4))
	case DateDiffer:
		return s.weight(0.01, 1-min(f.birthShare(a, 4), 0.5))
	}
	return 0
}

// numberNeighbours is how many 12-digit numbers lie one slip from a number
// (12 digits × 9 other values + 11 swaps of neighbours), counted as if
// all were held.
const numberNeighbours = 12*9 + 11

// neighbours is roughly how many valid dates lie one digit slip away from
// a date of each length (year, year-month, full).
var neighbours = map[int]float64{4: 5, 6: 10, 8: 30}

func (s *Scorer) sexWeight(a, b *Record) float64 {
	if a.Sex == "" || b.Sex == "" || a.Sex != b.Sex {
		return 0 // disagreement is a veto, not a weight
	}
	return s.weight(0.995, s.freq.shareOf(a, shareSex, s.freq.sex, string(a.Sex)))
}

func (s *Scorer) numberWeight(a, b *Record) float64 {
	var w float64
	switch {
	case sameNumber(a, b):
		w = s.weight(0.99, 1/float64(max(s.freq.n, 1)))
	case a.IDNumber != "" && b.IDNumber != "" && oneDigitSlip(a.IDNumber, b.IDNumber):
		// One digit mistyped (or two swapped) when the number was copied.
		// Numbers are drawn densely within a province, century, sex and
		// year, so another person's number is a slip away more often than
		// 1 in N: about a hundred neighbours, all taken.
		w = s.weight(0.01, min(1, numberNeighbours/float64(max(s.freq.n, 1))))
	case a.IDNumber != "" && b.IDNumber != "":
		w = s.idDiffer
	}
	if a.OldNumber != "" && b.OldNumber != "" {
		w += s.agreeOrDiffer(sameFP(a.fp.old, b.fp.old, a.OldNumber, b.OldNumber), 0.90, s.freq.shareOf(a, shareOldNumber, s.freq.oldNum, a.OldNumber))
	}
	return w
}

// sameNumber reports that one record holds the other's ID number, as its
// current or a cancelled one.
func sameNumber(a, b *Record) bool {
	return a.holdsNumber(b.IDNumber, b.fp.id) || b.holdsNumber(a.IDNumber, a.fp.id)
}

// Explain lists the weight of each part of a pair's score, for tuning and
// for officers reviewing a pair.
func (s *Scorer) Explain(a, b *Record) string {
	sc := s.Score(a, b)
	return fmt.Sprintf("total=%.2f veto=%q name=%s:%.2f date=%s:%.2f sex=%.2f numbers=%.2f family=%.2f place=%.2f attrs=%.2f context=%.2f spouse=%.2f minor=%.2f",
		sc.Weight, sc.Veto, sc.Name, s.nameWeight(a, b, sc.Name), sc.Date, s.dateWeight(a, b, sc.Date), s.sexWeight(a, b),
		s.numberWeight(a, b), s.familyWeight(a, b), s.placeWeight(a, b), s.familyAttributes(a, b), s.context(a, b), s.spouseWeight(a, b), s.minorWeight(a, b))
}
