package dedupe

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"sync"

	"dancu/internal/registry"
)

// source is what a run reads from the register.
type source struct {
	records  []Record
	forms    []Form
	assigned float64 // share of ID numbers the register drew
}

// load reads every current, unmerged citizen, every import row held as a
// conflict (same ID number, different data), every form absorbed as an
// unchanged duplicate, and the share of ID numbers the register drew for
// forms that had none.
func (s *Service) load(ctx context.Context) (source, error) {
	var src source
	conflicts, assigned, err := s.conflicts(ctx)
	if err != nil {
		return src, err
	}
	src.assigned = assigned
	total, err := s.store.CountCitizens(ctx)
	if err != nil {
		return src, err
	}
	src.records = make([]Record, 0, total+len(conflicts))
	isHolder := map[string]bool{}
	for _, cf := range conflicts {
		isHolder[cf.CitizenID] = true
	}
	// The converters run on several goroutines: isHolder is only read
	// there, and the few holders are kept under a lock.
	var mu sync.Mutex
	holders := map[string]registry.Citizen{}
	err = s.store.ScanForMatching(ctx, runtime.GOMAXPROCS(0), func() func(registry.Citizen) (Record, bool) {
		in := NewInterner()
		return func(c registry.Citizen) (Record, bool) {
			if c.Status == registry.Merged {
				return Record{}, false
			}
			if isHolder[c.ID] {
				mu.Lock()
				holders[c.ID] = c
				mu.Unlock()
			}
			return in.Prepare(c), true
		}
	}, func(r Record) error {
		src.records = append(src.records, r)
		return nil
	})
	if err != nil {
		return src, fmt.Errorf("read citizens: %w", err)
	}
	if err := src.addConflicts(conflicts, holders); err != nil {
		return src, err
	}
	err = s.store.ForEachForm(ctx, func(f registry.Form) error {
		src.forms = append(src.forms, Form{Ref: f.RecordRef, ID: f.CitizenID})
		return nil
	})
	if err != nil {
		return src, fmt.Errorf("read absorbed forms: %w", err)
	}
	return src, nil
}

// conflicts lists the conflicting rows of every batch, each record_ref
// once, and the share of numbers the register drew.
func (s *Service) conflicts(ctx context.Context) ([]registry.Conflict, float64, error) {
	batches, err := s.store.Batches(ctx, math.MaxInt32)
	if err != nil {
		return nil, 0, err
	}
	var out []registry.Conflict
	seen := map[string]bool{}
	for _, b := range batches {
		cs, err := s.store.Conflicts(ctx, b.ID, math.MaxInt32)
		if err != nil {
			return nil, 0, err
		}
		for _, cf := range cs {
			if cf.Fields != nil && !seen[cf.RecordRef] {
				seen[cf.RecordRef] = true
				out = append(out, cf)
			}
		}
	}
	return out, assignedShare(batches), nil
}

// AssignedShare is the share of numbers the register drew (see
// NewScorer), from the batch statistics.
func (s *Service) AssignedShare(ctx context.Context) (float64, error) {
	batches, err := s.store.Batches(ctx, math.MaxInt32)
	if err != nil {
		return 0, err
	}
	return assignedShare(batches), nil
}

func assignedShare(batches []registry.BatchInfo) float64 {
	var assigned, inserted int
	for _, b := range batches {
		assigned, inserted = assigned+b.Stats.Assigned, inserted+b.Stats.Inserted
	}
	if inserted == 0 {
		return 0
	}
	return float64(assigned) / float64(inserted)
}

// addConflicts adds the conflicting rows whose holder is a current record.
func (src *source) addConflicts(conflicts []registry.Conflict, holders map[string]registry.Citizen) error {
	// Rebuilding a row from its holder goes through JSON (FromConflict):
	// 60,000 conflicts of a million-row import took seconds on one core.
	rows := make([]Record, len(conflicts))
	kept := make([]bool, len(conflicts))
	errs := make([]error, len(conflicts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := NewInterner()
			for i := w; i < len(conflicts); i += workers {
				cf := conflicts[i]
				holder := holders[cf.CitizenID] // only read here
				if holder.ID == "" {
					continue // the holder was merged away
				}
				row, err := FromConflict(holder, cf)
				if err != nil {
					errs[i] = err
					continue
				}
				rows[i], kept[i] = in.Prepare(row), true
			}
		}()
	}
	wg.Wait()
	for i := range conflicts {
		if errs[i] != nil {
			return errs[i]
		}
		if kept[i] {
			src.records = append(src.records, rows[i])
		}
	}
	return nil
}
