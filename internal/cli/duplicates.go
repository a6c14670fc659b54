package cli

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"log/slog"
	"math"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"time"

	"dancu/internal/dedupe"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
)

func (a *app) duplicatesCommand() *cobraCommand {
	var minScore float64
	var save bool
	var blockCap int
	var since string
	cmd := &cobraCommand{
		Use:   "duplicates",
		Short: "Find records of the same person; prints CSV left_ref,right_ref,score,decision (match or review)",
		Long: "Find records of the same person. Pairs an officer decided \"not the same person\" are not printed again. " +
			"--save files the pairs of two register records in the review queue (already decided pairs keep their decision).",
		Args: noArgs,
		RunE: func(cmd *cobraCommand, _ []string) error {
			// A run stopped by Ctrl-C returns an error, and cobra then skips
			// the hook that ends profiling: end it here, so the profile of
			// a run too slow to wait for is still written.
			defer a.stopProfile()
			return a.withStore(cmd, func(db *sqlstore.DB) error {
				opts := dedupe.Options{Log: a.log, BlockCap: blockCap}
				if cmd.Flags().Changed("min-score") {
					opts.MinWeight = &minScore
				}
				var pairs []dedupe.Pair
				var err error
				if since != "" {
					t, perr := parseSince(since)
					if perr != nil {
						return perr
					}
					fresh, ferr := db.CitizenIDsChangedSince(cmd.Context(), t)
					if ferr != nil {
						return ferr
					}
					pairs, err = a.findNewDuplicates(cmd.Context(), db, fresh, "since "+t.Format(time.RFC3339), opts)
				} else {
					pairs, _, err = a.findDuplicates(cmd.Context(), db, opts)
				}
				if err != nil {
					return err
				}
				if save {
					if err := a.saveCandidates(cmd.Context(), db, pairs); err != nil {
						return err
					}
				}
				return writePairs(a.out, pairs)
			})
		},
	}
	cmd.Flags().Float64Var(&minScore, "min-score", 0, "print only pairs scoring at least this (log2 likelihood ratio; default: the review threshold)")
	cmd.Flags().BoolVar(&save, "save", false, "file the pairs in the review queue")
	cmd.Flags().StringVar(&since, "since", "", "incremental: check only the records created or changed since this day (YYYY-MM-DD) or instant (RFC 3339) against the whole register")
	cmd.Flags().IntVar(&blockCap, "block-cap", dedupe.DefaultBlockCap, "records a blocking key holds before it is split into narrower keys (fewer: faster, fewer pairs found)")
	return cmd
}

// parseSince reads a day (its start, UTC) or an RFC 3339 instant.
func parseSince(s string) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	return parseDay(s)
}

// dedupeRun describes one duplicate-detection run.
type dedupeRun struct {
	records  int
	compared int
	elapsed  time.Duration
	load     time.Duration
	peakMem  uint64 // bytes the Go runtime held at most (see sampleMemory)
	t        dedupe.Thresholds
	detector *dedupe.Detector
}

// findDuplicates loads the register and runs duplicate detection: pairs of
// records, pairs of a record and a form it absorbed at import, minus the
// pairs decided "not the same person".
func (a *app) findDuplicates(ctx context.Context, db *sqlstore.DB, opts dedupe.Options) ([]dedupe.Pair, dedupeRun, error) {
	start := time.Now()
	mem := sampleMemory()
	defer func() {
		if mem != nil {
			mem.Peak()
		}
	}()
	src, err := loadDedupeSource(ctx, db)
	if err != nil {
		return nil, dedupeRun{}, err
	}
	loaded := time.Since(start)
	opts.AssignedShare = src.assigned
	dedupe.OrderForLocality(src.records)
	res, err := dedupe.FindAllContext(ctx, src.records, opts)
	if err != nil {
		return nil, dedupeRun{}, err
	}
	d := res.Detector
	byID := make(map[string]*dedupe.Record, len(src.records))
	for i := range src.records {
		if r := &src.records[i]; r.ID != "" {
			byID[r.ID] = r
		}
	}
	pairs := append(res.Pairs, d.FormPairs(src.forms, byID)...)
	suppressed, err := db.NotSamePairs(ctx)
	if err != nil {
		return nil, dedupeRun{}, err
	}
	pairs = dropDecided(pairs, suppressed)
	run := dedupeRun{records: len(src.records), compared: res.Compared, elapsed: time.Since(start), load: loaded, t: d.T, detector: d,
		peakMem: mem.Peak()}
	mem = nil
	a.log.Info("duplicates", "records", run.records, "forms", len(src.forms), "pairs_scored", run.compared, "found", len(pairs),
		"match_threshold", fmt.Sprintf("%.1f", d.T.Match), "review_threshold", fmt.Sprintf("%.1f", d.T.Review),
		"split_blocks", d.Index.SplitBlocks(), "capped_blocks", d.Index.CappedBlocks(), "load", loaded.Round(time.Millisecond), "elapsed", run.elapsed.Round(time.Millisecond),
		"peak_mem_mb", run.peakMem>>20)
	if a.log.Enabled(ctx, slog.LevelDebug) {
		a.log.Debug("duplicates: blocks by key kind\n" + dedupe.FormatStats(d.Index.Stats()))
	}
	return pairs, run, nil
}

// dropDecided removes the pairs of two register records that an officer
// decided are not the same person.
func dropDecided(pairs []dedupe.Pair, notSame map[string]bool) []dedupe.Pair {
	if len(notSame) == 0 {
		return pairs
	}
	out := pairs[:0]
	for _, p := range pairs {
		if !notSame[dedupe.PairKey(p.Left.ID, p.Right.ID)] {
			out = append(out, p)
		}
	}
	return out
}

// dedupeSource is what a run reads from the register.
type dedupeSource struct {
	records  []dedupe.Record
	forms    []dedupe.Form
	assigned float64 // share of ID numbers the register drew
}

// loadDedupeSource reads every current, unmerged citizen, every import row
// held as a conflict (same ID number, different data), every form absorbed
// as an unchanged duplicate, and the share of ID numbers the register drew
// for forms that had none.
func loadDedupeSource(ctx context.Context, db *sqlstore.DB) (dedupeSource, error) {
	var src dedupeSource
	conflicts, assigned, err := loadConflicts(ctx, db)
	if err != nil {
		return src, err
	}
	src.assigned = assigned
	total, err := db.CountCitizens(ctx)
	if err != nil {
		return src, err
	}
	src.records = make([]dedupe.Record, 0, total+len(conflicts))
	isHolder, holders := map[string]bool{}, map[string]registry.Citizen{}
	for _, cf := range conflicts {
		isHolder[cf.CitizenID] = true
	}
	type prepared struct {
		rec    dedupe.Record
		holder *registry.Citizen
	}
	err = sqlstore.ScanCitizensForMatching(ctx, db, runtime.GOMAXPROCS(0), func() func(registry.Citizen) (prepared, bool) {
		in := dedupe.NewInterner()
		return func(c registry.Citizen) (prepared, bool) {
			if c.Status == registry.Merged {
				return prepared{}, false
			}
			p := prepared{rec: in.Prepare(c)}
			if isHolder[c.ID] { // only read here: safe across goroutines
				p.holder = &c
			}
			return p, true
		}
	}, func(p prepared) error {
		src.records = append(src.records, p.rec)
		if p.holder != nil {
			holders[p.holder.ID] = *p.holder
		}
		return nil
	})
	if err != nil {
		return src, fmt.Errorf("read citizens: %w", err)
	}
	if err := src.addConflicts(conflicts, holders); err != nil {
		return src, err
	}
	err = db.ForEachForm(ctx, func(f sqlstore.FormRef) error {
		src.forms = append(src.forms, dedupe.Form{Ref: f.RecordRef, ID: f.CitizenID})
		return nil
	})
	return src, err
}

// loadConflicts lists the conflicting rows of every batch, each record_ref
// once, and the share of numbers the register drew.
func loadConflicts(ctx context.Context, db *sqlstore.DB) ([]registry.Conflict, float64, error) {
	batches, err := db.Batches(ctx, math.MaxInt32)
	if err != nil {
		return nil, 0, err
	}
	var assigned, inserted int
	var out []registry.Conflict
	seen := map[string]bool{}
	for _, b := range batches {
		assigned, inserted = assigned+b.Stats.Assigned, inserted+b.Stats.Inserted
		cs, err := db.Conflicts(ctx, b.ID, math.MaxInt32)
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
	share := 0.0
	if inserted > 0 {
		share = float64(assigned) / float64(inserted)
	}
	return out, share, nil
}

// addConflicts adds the conflicting rows whose holder is a current record.
func (src *dedupeSource) addConflicts(conflicts []registry.Conflict, holders map[string]registry.Citizen) error {
	// Rebuilding a row from its holder goes through JSON (FromConflict):
	// 60,000 conflicts of a million-row import took seconds on one core.
	rows := make([]dedupe.Record, len(conflicts))
	kept := make([]bool, len(conflicts))
	errs := make([]error, len(conflicts))
	workers := runtime.GOMAXPROCS(0)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			in := dedupe.NewInterner()
			for i := w; i < len(conflicts); i += workers {
				cf := conflicts[i]
				holder := holders[cf.CitizenID] // only read here
				if holder.ID == "" {
					continue // the holder was merged away
				}
				row, err := dedupe.FromConflict(holder, cf)
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

func writePairs(w io.Writer, pairs []dedupe.Pair) error {
	cw := csv.NewWriter(w)
	if err := cw.Write([]string{"left_ref", "right_ref", "score", "decision"}); err != nil {
		return err
	}
	for _, p := range pairs {
		rec := []string{p.Left.Ref, p.Right.Ref, strconv.FormatFloat(p.Score.Weight, 'f', 2, 64), string(p.Decision)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// memorySampler records the most memory the Go runtime held from the
// operating system during a run, less what it returned (heap, stacks,
// runtime structures: close to the resident size), sampled every 50 ms,
// portably.
type memorySampler struct {
	stop chan struct{}
	done chan uint64
}

func sampleMemory() *memorySampler {
	m := &memorySampler{stop: make(chan struct{}), done: make(chan uint64, 1)}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		var peak uint64
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak = max(peak, s[0].Value.Uint64()-s[1].Value.Uint64()) // released pages are not resident
			select {
			case <-m.stop:
				m.done <- peak
				return
			case <-t.C:
			}
		}
	}()
	return m
}

// Peak stops sampling and returns the peak in bytes.
func (m *memorySampler) Peak() uint64 {
	close(m.stop)
	return <-m.done
}
