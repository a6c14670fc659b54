package dedupe

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"

	"dancu/internal/merge"
	"dancu/internal/registry"
)

// Store is what duplicate detection reads from the register and writes to
// the review queue. sqlstore implements it on both engines.
type Store interface {
	CountCitizens(ctx context.Context) (int, error)
	// ScanForMatching streams every citizen's current state, decoded
	// without the fields no comparison reads, through a converter made per
	// goroutine (workers of them); fn receives the kept records in a stable
	// order, one at a time.
	ScanForMatching(ctx context.Context, workers int, newConvert func() func(registry.Citizen) (Record, bool), fn func(Record) error) error
	// ScanForSpill is ScanForMatching for a streaming full run.
	ScanForSpill(ctx context.Context, workers int, newConvert func() func(registry.Citizen) (Scanned, bool), fn func(Scanned) error) error
	ForEachCitizen(ctx context.Context, fn func(registry.Citizen) error) error
	// ForEachForm streams the forms absorbed at import (RecordRef and
	// CitizenID set).
	ForEachForm(ctx context.Context, fn func(registry.Form) error) error
	Batches(ctx context.Context, limit int) ([]registry.BatchInfo, error)
	Conflicts(ctx context.Context, batchID int64, limit int) ([]registry.Conflict, error)
	CitizenIDsChangedSince(ctx context.Context, t time.Time) (map[string]bool, error)
	// CitizenIDsOfBatch lists the citizens an import batch created.
	CitizenIDsOfBatch(ctx context.Context, batchID int64) (map[string]bool, error)
	NotSamePairs(ctx context.Context) (map[string]bool, error)
	SaveCandidates(ctx context.Context, runID string, cs []merge.Candidate) (merge.SaveStats, error)
}

// Service runs duplicate detection over the register: the full run, the
// incremental check of new records, filing the pairs for review, and the
// measurements `dancu bench dedupe` prints. The command line only parses
// flags and calls it.
type Service struct {
	store   Store
	scratch Scratch
	log     *slog.Logger
}

// NewService returns a Service reading and writing store and spilling a
// full run to scratch; log receives one summary line per run (nil:
// discarded).
func NewService(store Store, scratch Scratch, log *slog.Logger) *Service {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	return &Service{store: store, scratch: scratch, log: log}
}

// RunStats describes one duplicate-detection run.
type RunStats struct {
	Records  int
	Forms    int
	Compared int           // candidate pairs scored
	Elapsed  time.Duration // load, block and score
	Load     time.Duration // of Elapsed, reading the register
	PeakMem  uint64        // bytes the Go runtime held at most (see sampleMemory)
	PeakRSS  uint64        // the process's peak resident set during the run; 0: unknown
	Detector *Detector     // the complete index of the run
}

// FindAllInMemory loads the register and runs duplicate detection: pairs
// of records, pairs of a record and a form it absorbed at import, minus
// the pairs decided "not the same person". It holds the whole register
// (about 4 KB a record at its peak): FindAll finds the same pairs in
// memory bounded by the largest block, and is checked against it.
func (s *Service) FindAllInMemory(ctx context.Context, opts Options) ([]Pair, RunStats, error) {
	start := time.Now()
	mem := sampleMemory()
	defer func() {
		if mem != nil {
			mem.Peak()
		}
	}()
	src, err := s.load(ctx)
	if err != nil {
		return nil, RunStats{}, err
	}
	loaded := time.Since(start)
	if opts.Log == nil {
		opts.Log = s.log
	}
	opts.AssignedShare = src.assigned
	OrderForLocality(src.records)
	res, err := FindAllContext(ctx, src.records, opts)
	if err != nil {
		return nil, RunStats{}, err
	}
	d := res.Detector
	// Only the holders of absorbed forms are looked up by id: a map of
	// every record cost 80 MB at a million.
	byID := make(map[string]*Record, len(src.forms))
	for _, f := range src.forms {
		byID[f.ID] = nil
	}
	for i := range src.records {
		if r := &src.records[i]; r.ID != "" {
			if _, held := byID[r.ID]; held {
				byID[r.ID] = r
			}
		}
	}
	for id, r := range byID {
		if r == nil {
			delete(byID, id) // the holder is merged away
		}
	}
	pairs := append(res.Pairs, d.FormPairs(src.forms, byID)...)
	if pairs, err = s.dropDecided(ctx, pairs); err != nil {
		return nil, RunStats{}, err
	}
	run := RunStats{Records: len(src.records), Forms: len(src.forms), Compared: res.Compared, Elapsed: time.Since(start), Load: loaded,
		Detector: d}
	peaks := mem.Peak()
	run.PeakMem, run.PeakRSS = peaks.runtime, peaks.rss
	mem = nil
	s.log.Info("duplicates", "records", run.Records, "forms", run.Forms, "pairs_scored", run.Compared, "found", len(pairs),
		"match_threshold", fmt.Sprintf("%.1f", d.T.Match), "review_threshold", fmt.Sprintf("%.1f", d.T.Review),
		"split_blocks", d.Index.SplitBlocks(), "capped_blocks", d.Index.CappedBlocks(), "load", loaded.Round(time.Millisecond),
		"elapsed", run.Elapsed.Round(time.Millisecond), "peak_mem_mb", run.PeakMem>>20, "peak_rss_mb", run.PeakRSS>>20)
	if s.log.Enabled(ctx, slog.LevelDebug) {
		s.log.Debug("duplicates: blocks by key kind\n" + FormatStats(d.Index.Stats()))
	}
	return pairs, run, nil
}

// IndexAll loads the register into the in-memory index the incremental
// check compares new records with, without scoring: what `dancu bench
// dedupe` times single checks against.
func (s *Service) IndexAll(ctx context.Context, opts Options) (*Detector, error) {
	src, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = s.log
	}
	opts.AssignedShare = src.assigned
	OrderForLocality(src.records)
	freq := NewFrequencies()
	for i := range src.records {
		freq.Add(&src.records[i])
	}
	d := NewDetector(freq, opts)
	if _, err := d.Index.build(ctx, src.records); err != nil {
		return nil, err
	}
	return d, nil
}

// FindSince is the incremental check: every citizen created or changed
// since t is checked against the whole register (the rest is only
// indexed), with the same scoring as a full run. Absorbed forms are not
// re-paired: an import pairs them with their holder as it absorbs them.
func (s *Service) FindSince(ctx context.Context, since time.Time, opts Options) ([]Pair, error) {
	fresh, err := s.store.CitizenIDsChangedSince(ctx, since)
	if err != nil {
		return nil, err
	}
	return s.findAmong(ctx, fresh, "since "+since.Format(time.RFC3339), opts)
}

// FindBatch is the incremental check of one import batch: the citizens it
// created, selected by the batch's id (a time window would take in another
// batch's records), against the whole register.
func (s *Service) FindBatch(ctx context.Context, batchID int64, opts Options) ([]Pair, error) {
	fresh, err := s.store.CitizenIDsOfBatch(ctx, batchID)
	if err != nil {
		return nil, err
	}
	return s.findAmong(ctx, fresh, fmt.Sprintf("batch %d", batchID), opts)
}

// findAmong checks the citizens of fresh against the whole register.
func (s *Service) findAmong(ctx context.Context, fresh map[string]bool, what string, opts Options) ([]Pair, error) {
	start := time.Now()
	if len(fresh) == 0 {
		return nil, nil
	}
	src, err := s.load(ctx)
	if err != nil {
		return nil, err
	}
	if opts.Log == nil {
		opts.Log = s.log
	}
	opts.AssignedShare = src.assigned
	run, err := FindNew(ctx, src.records, func(r *Record) bool { return fresh[r.ID] }, opts)
	if err != nil {
		return nil, err
	}
	pairs, err := s.dropDecided(ctx, run.Pairs)
	if err != nil {
		return nil, err
	}
	s.log.Info("duplicates (incremental)", "records_checked", what, "new_or_changed", len(fresh), "records", len(src.records),
		"pairs_scored", run.Compared, "found", len(pairs), "elapsed", time.Since(start).Round(time.Millisecond))
	return pairs, nil
}

// dropDecided removes the pairs of two register records that an officer
// decided are not the same person.
func (s *Service) dropDecided(ctx context.Context, pairs []Pair) ([]Pair, error) {
	notSame, err := s.store.NotSamePairs(ctx)
	if err != nil {
		return nil, fmt.Errorf("read pairs decided not the same person: %w", err)
	}
	if len(notSame) == 0 {
		return pairs, nil
	}
	out := pairs[:0]
	for _, p := range pairs {
		if !notSame[PairKey(p.Left.ID, p.Right.ID)] {
			out = append(out, p)
		}
	}
	return out, nil
}

// Save files the pairs of two register records in the review queue, as
// one run. Pairs naming a conflicting import row or an absorbed form are
// not filed: there is no second record to merge (the conflict list and the
// form's provenance already hold them). Already decided pairs keep their
// decision.
func (s *Service) Save(ctx context.Context, pairs []Pair) (merge.SaveStats, error) {
	run := uuid.Must(uuid.NewV7()).String()
	var cs []merge.Candidate
	for _, p := range pairs {
		l, r := p.Left, p.Right
		if l.ID == "" || r.ID == "" || l.ID == r.ID {
			continue
		}
		cs = append(cs, merge.Candidate{LeftID: l.ID, RightID: r.ID, LeftRef: l.Ref, RightRef: r.Ref,
			Score: p.Score.Weight, Decision: string(p.Decision),
			LeftUnit: l.Communes[0], RightUnit: r.Communes[0], LeftProvince: l.Province, RightProvince: r.Province})
	}
	st, err := s.store.SaveCandidates(ctx, run, cs)
	if err != nil {
		return st, fmt.Errorf("file duplicate candidates: %w", err)
	}
	s.log.Info("duplicates saved", "run", run, "added", st.Added, "updated", st.Updated, "already_decided", st.Decided)
	return st, nil
}
