package dedupe

import "context"

// FindNew is the incremental run: it checks the records isNew marks (the
// rows of an import batch, the records changed since a day) against every
// record, the others being only indexed, never scored against each other.
// Value frequencies still come from all records, so a new record's score
// is the one a full run would give it. Cost: indexing the register (cheap)
// plus one Check per new record (p95 ~0.1 ms at 100k).
func FindNew(ctx context.Context, records []Record, isNew func(*Record) bool, opts Options) (Run, error) {
	freq := NewFrequencies()
	for i := range records {
		freq.Add(&records[i])
	}
	d := NewDetector(freq, opts)
	var fresh []int
	for i := range records {
		if i%4096 == 0 && ctx.Err() != nil {
			return Run{}, ctx.Err()
		}
		if isNew(&records[i]) {
			fresh = append(fresh, i)
			continue
		}
		d.Index.Add(&records[i])
	}
	var pairs []Pair
	for n, i := range fresh {
		if n%256 == 0 && ctx.Err() != nil {
			return Run{}, ctx.Err()
		}
		pairs = append(pairs, d.Check(&records[i])...)
	}
	return Run{Pairs: pairs, Compared: d.Compared, Detector: d}, nil
}
