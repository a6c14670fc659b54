package dedupe_test

import (
	"fmt"
	"os"
	"testing"

	"dancu/internal/dedupe"
	"dancu/internal/spill"
)

// The streaming run finds exactly the pairs of the in-memory run, with
// the same scores and decisions and the same record on the left, whether
// the sort fits one run or spills many, and with block caps small enough
// that blocks are split and capped; it leaves no scratch file behind.
func TestStreamingRunFindsTheInMemoryPairs(t *testing.T) {
	citizens, _ := generated(t, 3000)
	for _, tc := range []struct {
		name     string
		blockCap int
		runBytes int
		workers  int
		unmapped bool // records read back with ReadAt, not in place
		tooBig   bool // a records file over the limit pass 2 maps
	}{
		{"default cap, one sorted run", 0, 48 << 20, 2, false, false},
		{"default cap, many sorted runs", 0, 64 << 10, 1, false, false},
		{"cap 3: most blocks split or capped", 3, 256 << 10, 2, false, false},
		{"cap 1", 1, 1 << 20, 3, false, false},
		{"records read with ReadAt", 0, 1 << 20, 2, true, false},
		{"records read with ReadAt, cap 3", 3, 1 << 20, 2, true, false},
		{"records file over the map limit", 0, 1 << 20, 2, false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			opts := dedupe.Options{BlockCap: tc.blockCap, Workers: tc.workers}
			recs := prepare(citizens)
			dedupe.OrderForLocality(recs)
			want := dedupe.FindAll(recs, opts)
			dir := t.TempDir()
			var scratch dedupe.Scratch = spill.Dir(dir)
			if tc.unmapped {
				scratch = unmappable{scratch}
			}
			if tc.tooBig {
				defer dedupe.SetMapLimit(1 << 10)()
			}
			got, scored, err := dedupe.StreamFind(citizens, scratch, tc.runBytes, opts)
			if err != nil {
				t.Fatal(err)
			}
			if missing, extra := dedupe.DiffPairs(want.Pairs, got); missing != 0 || extra != 0 || len(got) != len(want.Pairs) {
				t.Errorf("streaming run: %d pairs, in-memory %d: %d missing, %d extra", len(got), len(want.Pairs), missing, extra)
			}
			if scored < want.Compared {
				t.Errorf("streaming run scored %d pairs, fewer than the in-memory run's %d", scored, want.Compared)
			}
			t.Logf("%d pairs; scored %d streaming, %d in memory", len(got), scored, want.Compared)
			if left, _ := os.ReadDir(dir); len(left) != 0 {
				t.Errorf("scratch files left behind: %v", left)
			}
		})
	}
}

// unmappable hides its files' Map, as a platform without it does.
type unmappable struct{ dedupe.Scratch }

func (u unmappable) Create() (dedupe.ScratchFile, error) {
	f, err := u.Scratch.Create()
	return struct{ dedupe.ScratchFile }{f}, err
}

// A spilled record prepares to the same Record as the citizen it was
// written from: the run scores what the register holds.
func TestSpilledRecordPreparesAlike(t *testing.T) {
	citizens, _ := generated(t, 300)
	for i, c := range citizens {
		if i%7 == 0 {
			c.CancelledIDNumbers = []string{fmt.Sprintf("0%011d", i)}
		}
		if err := dedupe.CheckSpillRoundTrip(c); err != nil {
			t.Fatalf("citizen %s: %v", c.RecordRef, err)
		}
	}
}
