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
	// Workers is how many goroutines score a full run (0: one per CPU).
	Workers int
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
	cands := d.Index.Candidates(r)
	pos := make([]int32, len(cands))
	for i, p := range cands {
		pos[i] = int32(p)
	}
	d.Compared += len(pos)
	out := d.pairsOf(d.Scorer, r, pos, nil)
	d.Index.Add(r)
	return out
}

// Find runs duplicate detection over all records: value frequencies
// first, then each record checked against those before it (see FindAll).
func Find(records []Record, opts Options) []Pair {
	return FindAll(records, opts).Pairs
}
