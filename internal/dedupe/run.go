package dedupe

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Run is the outcome of a full run.
type Run struct {
	Pairs []Pair
	// Compared counts scored candidate pairs.
	Compared int
	// Detector holds the complete index: a new record checked with it is
	// compared with every record of the run.
	Detector *Detector
}

// runChunk is how many records one goroutine takes at a time: large enough
// that handing out work costs nothing, small enough to balance two cores.
const runChunk = 512

// FindAll runs duplicate detection over all records on opts.Workers
// goroutines (0: one per CPU). The index is built first, and each record
// is compared with the records before it that share a block. While no
// block outgrows the cap, that finds the same pairs, in the same order, as
// checking the records one by one against those before them; a block that
// does is split by its final size, not when the one-by-one check reached
// it, and a new record checked against the complete index meets exactly
// the blocks the run's records met.
func FindAll(records []Record, opts Options) Run {
	run, _ := FindAllContext(context.Background(), records, opts)
	return run
}

// FindAllContext is FindAll that stops when ctx is done (an officer's
// Ctrl-C on a million-record run), returning ctx's error.
func FindAllContext(ctx context.Context, records []Record, opts Options) (Run, error) {
	// Counting values and filing records read the records only: on two
	// cores they run side by side.
	freq := NewFrequencies()
	counted := make(chan struct{})
	go func() {
		defer close(counted)
		for i := range records {
			freq.Add(&records[i])
		}
	}()
	ix := NewIndex(opts.BlockCap, opts.Log)
	leaves, err := ix.build(ctx, records)
	<-counted
	if err != nil {
		return Run{}, err
	}
	d := NewDetector(freq, opts)
	d.Index = ix
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	chunks := (len(records) + runChunk - 1) / runChunk
	found := make([][]Pair, chunks)
	var next, compared atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			scorer := d.Scorer.fork()
			marks := &candidateMarks{seen: make([]uint32, len(records))}
			var cands []int32
			for ctx.Err() == nil {
				c := int(next.Add(1) - 1)
				if c >= chunks {
					return
				}
				var n int
				for pos := c * runChunk; pos < min((c+1)*runChunk, len(records)); pos++ {
					cands = d.Index.candidatesBefore(pos, &leaves, marks, cands[:0])
					n += len(cands)
					found[c] = d.pairsOf(scorer, d.Index.records[pos], cands, found[c])
				}
				compared.Add(int64(n))
			}
		}()
	}
	wg.Wait()
	if err := ctx.Err(); err != nil {
		return Run{}, err
	}
	run := Run{Compared: int(compared.Load()), Detector: d}
	d.Compared = run.Compared
	for _, p := range found {
		run.Pairs = append(run.Pairs, p...)
	}
	return run, nil
}

// pairsOf scores r against the candidates and appends the pairs that are
// not Distinct and reach the minimum weight.
func (d *Detector) pairsOf(s *Scorer, r *Record, cands []int32, out []Pair) []Pair {
	floor := min(d.min, d.T.Review) // below both, only the sex veto matters (see scoreAbove)
	for _, p := range cands {
		left := d.Index.records[p]
		sc := s.scoreAbove(left, r, floor)
		dec := d.T.Decide(sc, sameNumber(left, r))
		if dec == Distinct || sc.Weight < d.min {
			continue
		}
		out = append(out, Pair{Left: left, Right: r, Score: sc, Decision: dec})
	}
	return out
}
