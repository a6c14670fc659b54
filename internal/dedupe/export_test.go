package dedupe

import (
	"context"
	"fmt"
	"reflect"

	"dancu/internal/registry"
)

// StreamFind runs the streaming full run's two passes over citizens, in
// sorted runs of runBytes, without a store.
func StreamFind(citizens []registry.Citizen, scratch Scratch, runBytes int, opts Options) ([]Pair, int, error) {
	defer func(old int) { sortRunBytes = old }(sortRunBytes)
	sortRunBytes = runBytes
	run, err := newSpillRun(scratch, map[string]*Record{})
	if err != nil {
		return nil, 0, err
	}
	defer run.close()
	in := NewInterner()
	var ks keySet
	for i := range citizens {
		if err := run.add(scanCitizen(in, &citizens[i], &ks)); err != nil {
			return nil, 0, err
		}
	}
	pairs, _, scored, err := run.score(context.Background(), opts)
	return pairs, scored, err
}

// SetMapLimit sets the largest records file pass 2 maps; the returned
// func restores the default.
func SetMapLimit(n int64) func() {
	old := mapLimit
	mapLimit = n
	return func() { mapLimit = old }
}

// CheckSpillRoundTrip writes c as the spill does, reads it back, and
// reports a difference in the prepared records.
func CheckSpillRoundTrip(c registry.Citizen) error {
	a := Prepare(c)
	b, err := decodeRecord(encodeRecord(nil, &a))
	if err != nil {
		return err
	}
	// An empty name or list reads back nil: the same to every comparison.
	for _, r := range []*Record{&a, &b} {
		for _, n := range []*Name{&r.Name, &r.Other, &r.Father.Name, &r.Mother.Name, &r.Spouse.Name} {
			if len(n.Tokens) == 0 {
				n.Tokens = nil
			}
		}
		if len(r.Cancelled) == 0 {
			r.Cancelled = nil
		}
	}
	if !reflect.DeepEqual(a, b) {
		return fmt.Errorf("prepared differently after the spill:\n%+v\n%+v", a, b)
	}
	return nil
}
