package dedupe

import "log/slog"

// Pair is two records found to describe the same person (or that might).
type Pair struct {
	Left, Right *Record // Left was indexed first
	Score       Score
	Decision    Decision
}

// Options tune a run. The zero value uses the defaults.
type Options struct {
	Thresholds *Thresholds // nil: DefaultThresholds(len(records))
	// MinWeight drops pairs below it (default: the review threshold).
	MinWeight *float64
	// AssignedShare: see NewScorer.
	AssignedShare float64
	BlockCap      int
	Log           *slog.Logger
}

// Detector checks records one at a time against those seen before: the
// incremental check of a new record and, record by record, a full run.
type Detector struct {
	Index  *Index
	Scorer *Scorer
	T      Thresholds
	min    float64
	// Compared counts scored candidate pairs.
	Compared int
}

// NewDetector returns a detector over the value frequencies freq.
func NewDetector(freq *Frequencies, opts Options) *Detector {
	t := DefaultThresholds(freq.n)
	if opts.Thresholds != nil {
		t = *opts.Thresholds
	}
	d := &Detector{Index: NewIndex(opts.BlockCap, opts.Log), Scorer: NewScorer(freq, opts.AssignedShare), T: t, min: t.Review}
	if opts.MinWeight != nil {
		d.min = *opts.MinWeight
	}
	return d
}

// Check scores r against every indexed candidate, returns the pairs that
// are not Distinct (or reach MinWeight), and indexes r.
func (d *Detector) Check(r *Record) []Pair {
	var out []Pair
	for _, p := range d.Index.Candidates(r) {
		left := d.Index.Record(p)
		sc := d.Scorer.Score(left, r)
		d.Compared++
		dec := d.T.Decide(sc, sameNumber(left, r))
		if dec == Distinct || sc.Weight < d.min {
			continue
		}
		out = append(out, Pair{Left: left, Right: r, Score: sc, Decision: dec})
	}
	d.Index.Add(r)
	return out
}

// Find runs duplicate detection over all records: value frequencies
// first, then each record checked against those before it.
func Find(records []Record, opts Options) []Pair {
	freq := NewFrequencies()
	for i := range records {
		freq.Add(&records[i])
	}
	d := NewDetector(freq, opts)
	var out []Pair
	for i := range records {
		out = append(out, d.Check(&records[i])...)
	}
	return out
}
