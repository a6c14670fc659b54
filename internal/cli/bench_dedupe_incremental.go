package cli

import (
	"fmt"
	"slices"
	"time"

	"dancu/internal/dedupe"
)

// printIncremental times the check of n new records against the full
// index of a run: copies of every k-th indexed record under a new
// record_ref, as a re-collected form arrives. Each check also files the
// record, as creating it would.
func (a *app) printIncremental(d *dedupe.Detector, n int) {
	total := d.Index.Len()
	if total == 0 || n <= 0 {
		return
	}
	step := max(total/n, 1)
	var took []time.Duration
	found := 0
	for i := 0; i < total && len(took) < n; i += step {
		r := *d.Index.Record(i)
		r.Ref, r.ID, r.IDNumber, r.Cancelled = fmt.Sprintf("NEW-%d", i), "", "", nil
		start := time.Now()
		if len(d.Check(&r)) > 0 {
			found++
		}
		took = append(took, time.Since(start))
	}
	slices.Sort(took)
	q := func(p float64) time.Duration { return took[min(int(p*float64(len(took))), len(took)-1)] }
	fmt.Fprintf(a.out, "bench dedupe incremental check of one new record against %d indexed: p50 %s  p95 %s (target < 20ms)  max %s  [%d checks, %d found their original]\n",
		total, q(0.50).Round(time.Microsecond), q(0.95).Round(time.Microsecond), took[len(took)-1].Round(time.Microsecond), len(took), found)
}
