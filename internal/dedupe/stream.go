package dedupe

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"dancu/internal/registry"
)

// Scanned is a citizen as a full run reads it: prepared (for the value
// counts), written out for the spill, and its blocking keys hashed. The
// store's scan makes it on several goroutines (see Store.ScanForSpill).
type Scanned struct {
	rec   Record
	enc   []byte
	keys  []uint64
	kinds []keyKind
}

// scanCitizen prepares c for the spill.
func scanCitizen(in Interner, c *registry.Citizen, ks *keySet) Scanned {
	s := Scanned{rec: in.Prepare(*c)}
	ks.reset()
	blockingKeys(&s.rec, ks)
	s.keys, s.kinds = make([]uint64, ks.len()), make([]keyKind, ks.len())
	for i := range s.keys {
		s.keys[i], s.kinds[i] = keyHash(ks.key(i)), ks.kinds[i]
	}
	s.enc = encodeRecord(appendKeyHashes(nil, s.keys), &s.rec)
	return s
}

// nameCache is an Interner that only remembers parsed names: a record
// is spilled, not held, so sharing its strings saves nothing, and an
// interner of every household and address would grow with the register.
// Parsing each name again (folding, splitting) would cost a third of the
// first pass.
func nameCache() Interner {
	return Interner{names: map[string]Name{}, sounds: map[string]string{}}
}

// nameCacheLimit bounds the names a cache holds: about 350 bytes a name,
// 20 MB a scanning goroutine (at 1 << 18, the caches held 360 MB of a
// million-record run's peak); a full one starts afresh, and the common
// names, which make most of the hits, are soon back.
const nameCacheLimit = 1 << 16

// spillRun is the first pass of a streaming full run: each record is
// counted, written once to the record spill, and filed under each of its
// blocking keys as a row of the external sort.
type spillRun struct {
	freq *Frequencies
	// toCount feeds the records to a goroutine of their own that counts
	// their values: counting on the goroutine that files them in order
	// made it the first pass's bottleneck.
	toCount chan *Record
	counted chan struct{}
	records ScratchFile
	w       *bufio.Writer
	off     uint64
	rows    *rowSorter
	seq     uint64
	// holders are the records holding absorbed forms, by id: kept whole
	// for FormPairs (there are as many as forms).
	holders map[string]*Record
}

func newSpillRun(scratch Scratch, holders map[string]*Record) (*spillRun, error) {
	records, err := scratch.Create()
	if err != nil {
		return nil, fmt.Errorf("dedupe spill: %w", err)
	}
	rows, err := scratch.Create()
	if err != nil {
		records.Close()
		return nil, fmt.Errorf("dedupe spill: %w", err)
	}
	s := &spillRun{freq: NewFrequencies(), toCount: make(chan *Record, 4096), counted: make(chan struct{}),
		records: records, w: bufio.NewWriterSize(records, 1<<20), rows: newRowSorter(rows), holders: holders}
	go func() {
		defer close(s.counted)
		for r := range s.toCount {
			s.freq.Add(r)
		}
	}()
	return s, nil
}

// doneCounting waits for the values of every record filed to be counted.
func (s *spillRun) doneCounting() {
	if s.toCount != nil {
		close(s.toCount)
		<-s.counted
		s.toCount = nil
	}
}

func (s *spillRun) close() error {
	s.doneCounting()
	s.rows.wait() // the background write, if a failure left one running
	return errors.Join(s.records.Close(), s.rows.file.Close())
}

// add files one record, in the order read.
func (s *spillRun) add(sc Scanned) error {
	r := &sc.rec
	s.toCount <- r
	if _, held := s.holders[r.ID]; held && r.ID != "" {
		s.holders[r.ID] = r
	}
	if _, err := s.w.Write(sc.enc); err != nil {
		return fmt.Errorf("dedupe spill: write record: %w", err)
	}
	off, n := s.off, uint32(len(sc.enc))
	s.off += uint64(n)
	for i, h := range sc.keys {
		if err := s.rows.add(h, r, s.seq, sc.kinds[i], off, n); err != nil {
			return err
		}
	}
	s.seq++
	return nil
}

// score is the second pass: the sorted rows, block by block.
func (s *spillRun) score(ctx context.Context, opts Options) ([]Pair, *Detector, int, error) {
	if err := s.w.Flush(); err != nil {
		return nil, nil, 0, fmt.Errorf("dedupe spill: write record: %w", err)
	}
	merged, err := s.rows.finish()
	if err != nil {
		return nil, nil, 0, err
	}
	s.doneCounting()
	d := NewDetector(s.freq, opts)
	workers := opts.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	found, scored, err := scoreBlocks(ctx, merged, s.records, int64(s.off), d, d.Index.cap, workers)
	if err != nil {
		return nil, nil, 0, err
	}
	pairs := make([]Pair, 0, len(found))
	for _, f := range found {
		pairs = append(pairs, f.pair)
	}
	return pairs, d, scored, nil
}

// FindAll runs duplicate detection over the register in two passes, so
// that its memory grows with the largest block, not with the register:
// the first reads every record once, counts its values, writes it to a
// scratch file and files one row per blocking key in an external sort;
// the second reads the sorted rows block by block and scores each block
// while holding only it (see scoreBlocks). It finds the pairs the
// in-memory run (FindAllInMemory) finds, with the same scores.
func (s *Service) FindAll(ctx context.Context, opts Options) ([]Pair, RunStats, error) {
	if s.scratch == nil {
		return nil, RunStats{}, errors.New("duplicate detection: no scratch directory to spill to")
	}
	start := time.Now()
	mem := sampleMemory()
	defer func() {
		if mem != nil {
			mem.Peak()
		}
	}()
	var forms []Form
	holders := map[string]*Record{}
	if err := s.store.ForEachForm(ctx, func(f registry.Form) error {
		forms = append(forms, Form{Ref: f.RecordRef, ID: f.CitizenID})
		holders[f.CitizenID] = nil
		return nil
	}); err != nil {
		return nil, RunStats{}, fmt.Errorf("read absorbed forms: %w", err)
	}
	conflicts, assigned, err := s.conflicts(ctx)
	if err != nil {
		return nil, RunStats{}, err
	}
	run, err := newSpillRun(s.scratch, holders)
	if err != nil {
		return nil, RunStats{}, err
	}
	defer run.close()
	if err := s.spill(ctx, run, conflicts); err != nil {
		return nil, RunStats{}, err
	}
	loaded := time.Since(start)
	s.log.Debug("duplicates: first pass done", "records", run.seq, "records_spilled_mb", run.off>>20, "sorted_runs", len(run.rows.runs)+1,
		"elapsed", loaded.Round(time.Millisecond), "rss_mb", residentBytes()>>20)
	if opts.Log == nil {
		opts.Log = s.log
	}
	opts.AssignedShare = assigned
	pairs, d, scored, err := run.score(ctx, opts)
	if err != nil {
		return nil, RunStats{}, err
	}
	for id, r := range holders {
		if r == nil {
			delete(holders, id) // the holder is merged away
		}
	}
	pairs = append(pairs, d.FormPairs(forms, holders)...)
	if pairs, err = s.dropDecided(ctx, pairs); err != nil {
		return nil, RunStats{}, err
	}
	d.Compared = scored
	stats := RunStats{Records: int(run.seq), Forms: len(forms), Compared: scored, Elapsed: time.Since(start), Load: loaded, Detector: d}
	peaks := mem.Peak()
	stats.PeakMem, stats.PeakRSS = peaks.runtime, peaks.rss
	mem = nil
	s.log.Info("duplicates", "records", stats.Records, "forms", stats.Forms, "pairs_scored", stats.Compared, "found", len(pairs),
		"match_threshold", fmt.Sprintf("%.1f", d.T.Match), "review_threshold", fmt.Sprintf("%.1f", d.T.Review),
		"spilled_mb", (run.off+uint64(run.rows.size))>>20, "sorted_runs", len(run.rows.runs), "load", loaded.Round(time.Millisecond),
		"elapsed", stats.Elapsed.Round(time.Millisecond), "peak_mem_mb", stats.PeakMem>>20, "peak_rss_mb", stats.PeakRSS>>20)
	return pairs, stats, nil
}

// spill runs the first pass: every current, unmerged citizen, then the
// import rows held as conflicts (rebuilt from their holders), in the
// order the in-memory run reads them.
func (s *Service) spill(ctx context.Context, run *spillRun, conflicts []registry.Conflict) error {
	isHolder := map[string]bool{}
	for _, cf := range conflicts {
		isHolder[cf.CitizenID] = true
	}
	var mu sync.Mutex
	conflictHolders := map[string]registry.Citizen{}
	err := s.store.ScanForSpill(ctx, runtime.GOMAXPROCS(0), func() func(registry.Citizen) (Scanned, bool) {
		in := nameCache()
		var ks keySet
		return func(c registry.Citizen) (Scanned, bool) {
			if c.Status == registry.Merged {
				return Scanned{}, false
			}
			if isHolder[c.ID] {
				mu.Lock()
				conflictHolders[c.ID] = c
				mu.Unlock()
			}
			if len(in.names) > nameCacheLimit || len(in.sounds) > nameCacheLimit {
				in = nameCache()
			}
			return scanCitizen(in, &c, &ks), true
		}
	}, run.add)
	if err != nil {
		return fmt.Errorf("read citizens: %w", err)
	}
	// Rebuilding a row from its holder goes through JSON (FromConflict):
	// on both cores, a chunk at a time, filed in order.
	const chunk = 4096
	workers := runtime.GOMAXPROCS(0)
	for at := 0; at < len(conflicts); at += chunk {
		part := conflicts[at:min(at+chunk, len(conflicts))]
		rows := make([]Scanned, len(part))
		kept := make([]bool, len(part))
		errs := make([]error, len(part))
		var wg sync.WaitGroup
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				in := nameCache()
				var ks keySet
				for i := w; i < len(part); i += workers {
					holder, ok := conflictHolders[part[i].CitizenID] // only read here
					if !ok {
						continue // the holder was merged away
					}
					row, err := FromConflict(holder, part[i])
					if err != nil {
						errs[i] = err
						continue
					}
					rows[i], kept[i] = scanCitizen(in, &row, &ks), true
				}
			}()
		}
		wg.Wait()
		for i := range part {
			if errs[i] != nil {
				return errs[i]
			}
			if kept[i] {
				if err := run.add(rows[i]); err != nil {
					return err
				}
			}
		}
	}
	return nil
}
