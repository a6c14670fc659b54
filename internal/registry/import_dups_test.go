package registry

import (
	"fmt"
	"maps"
	"testing"
)

// TestRefRunsFindsRepeats checks the merge of sorted runs against the
// definition: a line whose ref an earlier line carried is reported with
// the first such line, whether the repeats share a run or not.
func TestRefRunsFindsRepeats(t *testing.T) {
	type repeat struct{ first, invalid int } // invalid: 1 when the line was invalid already
	tests := []struct {
		name    string
		refs    []string // line i+2 carries refs[i] ("" = no ref)
		invalid map[int]bool
		runRows int
		want    map[int]repeat // line -> first line
	}{
		{name: "none", refs: []string{"A", "B", "C"}, runRows: 2, want: map[int]repeat{}},
		{name: "empty batch", refs: nil, runRows: 2, want: map[int]repeat{}},
		{name: "repeat in memory", refs: []string{"A", "B", "A"}, runRows: 100, want: map[int]repeat{4: {2, 0}}},
		{name: "repeat in one run", refs: []string{"A", "A", "B", "C"}, runRows: 2, want: map[int]repeat{3: {2, 0}}},
		{name: "repeat across runs", refs: []string{"A", "B", "C", "D", "E", "A"}, runRows: 2, want: map[int]repeat{7: {2, 0}}},
		{name: "spilled run and memory rest", refs: []string{"A", "B", "C", "A", "B"}, runRows: 2, want: map[int]repeat{5: {2, 0}, 6: {3, 0}}},
		{name: "three times, one entry a run", refs: []string{"X", "Y", "X", "Z", "X"}, runRows: 1, want: map[int]repeat{4: {2, 0}, 6: {2, 0}}},
		{name: "first invalid, repeat valid", refs: []string{"A", "A"}, invalid: map[int]bool{2: true}, runRows: 1, want: map[int]repeat{3: {2, 0}}},
		{name: "repeat invalid", refs: []string{"A", "B", "A"}, invalid: map[int]bool{4: true}, runRows: 1, want: map[int]repeat{4: {2, 1}}},
		{name: "rows without ref", refs: []string{"", "A", "", "A"}, runRows: 1, want: map[int]repeat{5: {3, 0}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRefRuns(tc.runRows)
			defer r.close()
			for i, ref := range tc.refs {
				if ref == "" {
					continue
				}
				if err := r.add(fingerprint(ref), i+2, tc.invalid[i+2]); err != nil {
					t.Fatal(err)
				}
			}
			got := map[int]repeat{}
			err := r.dups(func(line, first int, invalid bool) error {
				if _, twice := got[line]; twice {
					t.Errorf("line %d reported twice", line)
				}
				rp := repeat{first: first}
				if invalid {
					rp.invalid = 1
				}
				got[line] = rp
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if !maps.Equal(got, tc.want) {
				t.Errorf("repeats %v, want %v (runs on disk: %d)", got, tc.want, len(r.runs))
			}
		})
	}
}

// TestRefRunsSpillsManyRuns merges 50 runs of a batch where every 7th
// line repeats the ref of the line 100 before it.
func TestRefRunsSpillsManyRuns(t *testing.T) {
	r := newRefRuns(100)
	defer r.close()
	want := map[int]int{}
	const rows = 5000
	for i := range rows {
		line, ref := i+2, fmt.Sprintf("R%d", i)
		if i >= 100 && i%7 == 0 {
			ref = fmt.Sprintf("R%d", i-100)
			if i-100 < 100 || (i-100)%7 != 0 {
				want[line] = line - 100
			} else {
				want[line] = want[line-100] // R(i-100) itself repeated an earlier ref
			}
		}
		if err := r.add(fingerprint(ref), line, false); err != nil {
			t.Fatal(err)
		}
	}
	if len(r.runs) != rows/100 {
		t.Fatalf("%d runs on disk, want %d", len(r.runs), rows/100)
	}
	got := map[int]int{}
	if err := r.dups(func(line, first int, _ bool) error { got[line] = first; return nil }); err != nil {
		t.Fatal(err)
	}
	if !maps.Equal(got, want) {
		t.Errorf("%d repeats found, want %d", len(got), len(want))
	}
}

// TestSeenFilter: a key added is always found again (a false negative
// would let a repeated ref or number through), at the default bound and
// at a bound so small that the filter is full; false positives stay rare
// at the default bound.
func TestSeenFilter(t *testing.T) {
	for _, tc := range []struct {
		name     string
		maxBytes int
		keys     int
		maxFP    float64
	}{
		{"default bound", 0, 300_000, 0.001},
		{"one block", 64, 10_000, 1},
		{"full at 4 KiB", 4096, 100_000, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newSeenFilter(tc.maxBytes)
			fp := 0
			for i := range tc.keys {
				if f.testAndAdd(fingerprint(fmt.Sprint("k", i))) {
					fp++ // every key is new: a hit is a false positive
				}
			}
			for i := range tc.keys {
				if !f.testAndAdd(fingerprint(fmt.Sprint("k", i))) {
					t.Fatalf("key %d added and not found", i)
				}
			}
			if rate := float64(fp) / float64(tc.keys); rate > tc.maxFP {
				t.Errorf("false positives %.4f, want at most %.4f", rate, tc.maxFP)
			}
			if f.bytes > max(tc.maxBytes, 64) && tc.maxBytes != 0 {
				t.Errorf("filter grew to %d bytes, bound %d", f.bytes, tc.maxBytes)
			}
		})
	}
}
