package runmerge_test

import (
	"errors"
	"math/rand/v2"
	"slices"
	"testing"

	"dancu/internal/runmerge"
)

type sliceRun struct {
	rest []int
	cur  int
	fail error // returned by the Advance after the last item, if set
}

func (r *sliceRun) Advance() (bool, error) {
	if len(r.rest) == 0 {
		return false, r.fail
	}
	r.cur, r.rest = r.rest[0], r.rest[1:]
	return true, nil
}

func lessRun(a, b *sliceRun) bool { return a.cur < b.cur }

func drain(t *testing.T, runs []*sliceRun) ([]int, error) {
	t.Helper()
	m, err := runmerge.New(runs, lessRun)
	if err != nil {
		return nil, err
	}
	var got []int
	for {
		r, ok := m.Top()
		if !ok {
			return got, nil
		}
		got = append(got, r.cur)
		if err := m.Next(); err != nil {
			return got, err
		}
	}
}

func TestMergeYieldsEveryItemInOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name  string
		sizes []int
	}{
		{"no runs", nil},
		{"empty runs only", []int{0, 0, 0}},
		{"one run", []int{7}},
		{"runs of one", []int{1, 1, 1, 1, 1}},
		{"mixed, with empties and duplicates", []int{0, 40, 3, 0, 17, 1, 25}},
		{"many runs", []int{9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9, 9}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var runs []*sliceRun
			var want []int
			for _, n := range tc.sizes {
				items := make([]int, n)
				for i := range items {
					items[i] = rng.IntN(20) // small range: equal items across runs
				}
				slices.Sort(items)
				want = append(want, items...)
				runs = append(runs, &sliceRun{rest: items})
			}
			slices.Sort(want)
			got, err := drain(t, runs)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("merged %v, want %v", got, want)
			}
		})
	}
}

func TestMergePassesRunErrorsOn(t *testing.T) {
	broken := errors.New("run file damaged")
	if _, err := drain(t, []*sliceRun{{rest: []int{1, 2}}, {fail: broken}}); !errors.Is(err, broken) {
		t.Fatalf("error at the first advance: %v, want %v", err, broken)
	}
	got, err := drain(t, []*sliceRun{{rest: []int{1, 5}}, {rest: []int{2}, fail: broken}})
	if !errors.Is(err, broken) {
		t.Fatalf("error at a later advance: %v, want %v", err, broken)
	}
	if !slices.Equal(got, []int{1, 2}) {
		t.Fatalf("items before the error: %v, want [1 2]", got)
	}
}
