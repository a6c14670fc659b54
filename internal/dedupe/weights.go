package dedupe

import "math"

// The m probabilities: how often each comparison outcome occurs when both
// records describe the same person. They come from how DC01 forms are
// filled in and collected again (another campaign, another officer, a
// temporary residence), not from any one data set: a name is usually
// written the same way; a clerk drops a chữ đệm or mistypes one letter far
// more often than he writes another name; a date is mostly copied whole,
// sometimes only the year is known, sometimes day and month are exchanged
// (DD/MM read as MM/DD) or a digit slips.
//
// The u probabilities (chance agreement between different people) are
// measured on the data (Frequencies), except where noted. Weight of an
// outcome = log2(m/u). Outcome "missing" always weighs 0: a blank field is
// no evidence either way.
//
//	field           outcome                   m       u
//	name            exact                     0.795   share of the full name
//	                middle dropped or added   0.08    share of surname + given
//	                other middle names        0.005   share of surname + given
//	                one typo (one token)      0.06    share of the other tokens × share one edit from the token
//	                (tokens spelt by ear, "Trung"/"Chung", count as equal here and below; sound.go)
//	                typo + middle changed     0.02    share of surname × share one edit from the given name
//	                reordered tokens          0.01    share of the token bag
//	                differ                    0.03    1
//	birth date      exact (both full)         0.88    share of the date
//	                agree at year-month       0.95    share of the year-month (one side knows no day)
//	                agree at year             0.95    share of the year (one side knows only the year)
//	                day/month swapped         0.02    share of the date
//	                one digit slipped         0.03    share of the value × neighbours (30 days, 10 months, 5 years)
//	                same year otherwise       0.03    share of the year
//	                differ                    0.01    1 − share of the year
//	sex             agree                     0.995   share of the sex; disagreement is a veto
//	ID number       same (or cancelled one)   0.99    1/N (numbers are unique)
//	                one digit slipped         0.01    119/N (the neighbours of a number, as if all held)
//	                differ                    a       1, where a = 0.01 + 2 × share of numbers the
//	                                                  register drew for forms that had none
//	old CMND        same                      0.90    share of the number (legacy data repeats some)
//	                differ                    0.05    1
//	father, mother  exact or same number      0.90    share of the name (both parents: share of the pair)
//	                partial (CompareNames)    0.07    share of the name's surname + given
//	                differ                    0.03    1
//	spouse          exact or same number      0.85    share of the name
//	                partial                   0.07    share of surname + given
//	                differ                    0.08    1 (remarriage)
//	place           same household            0.70    share of the household
//	                same commune + address    0.50    share of the address
//	                a commune in common       0.85    share of the commune
//	                no commune in common      0.15    1 − share of the commune
//	phone           same                      0.60    share of the number
//	                differ                    0.40    1
//	ethnicity       agree / differ            0.97 / 0.03    share / 1 − share
//	blood type      agree / differ            0.95 / 0.05    share / 1 − share
//	hometown        agree / differ            0.90 / 0.10    share / 1 − share
//
// Parents, place, phone, hometown and ethnicity are not independent for
// different people: siblings share them all at once. Their agreements are
// one piece of evidence, "same family", and only the strongest counts; see
// context in context.go.

// weight is log2(m/u), with u clamped to (0, 1].
func weight(m, u float64) float64 {
	u = min(max(u, 1e-9), 1)
	return math.Log2(m / u)
}

// weightMemo is a direct-mapped table of weights computed, keyed by the
// exact bits of m and u, so a hit returns what weight returns. A pair
// takes about fifteen weights, and the logarithms were a quarter of the
// scoring at a million records; the inputs repeat: m is one of a few
// constants and u mostly a small count over N.
type weightMemo [1 << weightMemoBits]struct {
	m, u uint64
	w    float64
	set  bool
}

const weightMemoBits = 12 // 128 KB a scorer

// weight is weight(m, u) through the scorer's memo (a scorer is used by
// one goroutine at a time).
func (s *Scorer) weight(m, u float64) float64 {
	if s.memo == nil {
		return weight(m, u)
	}
	mb, ub := math.Float64bits(m), math.Float64bits(u)
	e := &s.memo[(mb*0x9e3779b97f4a7c15^ub*0xc2b2ae3d27d4eb4f)>>(64-weightMemoBits)]
	if e.set && e.m == mb && e.u == ub {
		return e.w
	}
	w := weight(m, u)
	e.m, e.u, e.w, e.set = mb, ub, w, true
	return w
}

// agreeOrDiffer weighs a categorical field: agreement on a value of share
// sh, or disagreement.
func (s *Scorer) agreeOrDiffer(agree bool, m, sh float64) float64 {
	if agree {
		return s.weight(m, sh)
	}
	return s.weight(1-m, 1-min(sh, 0.999))
}
