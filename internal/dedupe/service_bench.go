package dedupe

import (
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"runtime/metrics"
	"slices"
	"strconv"
	"strings"
	"time"

	"dancu/internal/registry"
)

// IndependentSet evaluates detection on a duplicate set made by this
// package's own perturbation model (BuildEvalSet) from the register's
// records that truth does not name as a duplicate, so the figures do not
// depend on the generator's notion of a duplicate alone.
func (s *Service) IndependentSet(ctx context.Context, truth []RefPair, rate float64, blockCap int) (Quality, EvalSet, RunStats, error) {
	dups := map[string]bool{}
	for _, t := range truth {
		dups[t.Right] = true
	}
	var base []registry.Citizen
	if err := s.store.ForEachCitizen(ctx, func(c registry.Citizen) error {
		if !dups[c.RecordRef] {
			base = append(base, c)
		}
		return nil
	}); err != nil {
		return Quality{}, EvalSet{}, RunStats{}, err
	}
	set := BuildEvalSet(base, rate, 7)
	start := time.Now()
	records := make([]Record, len(set.Records))
	for i, c := range set.Records {
		records[i] = Prepare(c)
	}
	assigned, err := s.AssignedShare(ctx)
	if err != nil {
		return Quality{}, EvalSet{}, RunStats{}, err
	}
	OrderForLocality(records) // as a full run does (see there)
	pairs := Find(records, Options{AssignedShare: assigned, BlockCap: blockCap})
	run := RunStats{Records: len(records), Elapsed: time.Since(start)}
	set.Found = pairs
	return Evaluate(pairs, set.Truth), set, run, nil
}

// CheckTimes is how long checking one new record against a full index took.
type CheckTimes struct {
	Indexed       int // records in the index
	Checks        int
	Found         int // checks that found the record copied
	P50, P95, Max time.Duration
}

// TimeChecks times the check of n new records against the full index of
// a run: copies of every k-th indexed record under a new record_ref, as a
// re-collected form arrives. Each check also files the record, as creating
// it would. The zero CheckTimes means there was nothing to check.
func TimeChecks(d *Detector, n int) CheckTimes {
	total := d.Index.Len()
	if total == 0 || n <= 0 {
		return CheckTimes{}
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
	return CheckTimes{Indexed: total, Checks: len(took), Found: found, P50: q(0.50), P95: q(0.95), Max: took[len(took)-1]}
}

// ReadTruth reads the generator's truth file: CSV with a header, each row
// naming the record_refs of two records of one person and, in a third
// column, the error classes of the re-collected form ("typo+yearonly"),
// returned keyed by that form's record_ref.
func ReadTruth(r io.Reader) ([]RefPair, map[string][]string, error) {
	rd := csv.NewReader(r)
	rd.FieldsPerRecord = -1
	rows, err := rd.ReadAll()
	if err != nil {
		return nil, nil, err
	}
	var out []RefPair
	classes := map[string][]string{}
	for i, row := range rows {
		if i == 0 || len(row) < 2 {
			continue // header
		}
		out = append(out, RefPair{Left: row[0], Right: row[1]})
		if len(row) > 2 && row[2] != "" {
			classes[row[1]] = strings.Split(row[2], "+")
		}
	}
	return out, classes, nil
}

// memorySampler records, every 50 ms during a run, the most memory the
// Go runtime held from the operating system less what it returned (heap,
// stacks, runtime structures), and the process's resident set size where
// the system tells it (/proc/self/statm on Linux): the RSS also counts
// what is not Go's, such as SQLite's page cache and mapped database pages.
type memorySampler struct {
	stop chan struct{}
	done chan memoryPeaks
}

type memoryPeaks struct{ runtime, rss uint64 }

func sampleMemory() *memorySampler {
	m := &memorySampler{stop: make(chan struct{}), done: make(chan memoryPeaks, 1)}
	go func() {
		s := []metrics.Sample{{Name: "/memory/classes/total:bytes"}, {Name: "/memory/classes/heap/released:bytes"}}
		var peak memoryPeaks
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			metrics.Read(s)
			peak.runtime = max(peak.runtime, s[0].Value.Uint64()-s[1].Value.Uint64()) // released pages are not resident
			peak.rss = max(peak.rss, residentBytes())
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

// Peak stops sampling and returns the peaks in bytes (RSS 0: unknown).
func (m *memorySampler) Peak() memoryPeaks {
	close(m.stop)
	return <-m.done
}

// residentBytes reads the resident set size from /proc/self/statm (its
// second field, in pages); 0 where there is none.
func residentBytes() uint64 {
	b, err := os.ReadFile("/proc/self/statm")
	if err != nil {
		return 0
	}
	f := strings.Fields(string(b))
	if len(f) < 2 {
		return 0
	}
	pages, err := strconv.ParseUint(f[1], 10, 64)
	if err != nil {
		return 0
	}
	return pages * uint64(os.Getpagesize())
}
