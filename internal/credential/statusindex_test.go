package credential

import (
	"context"
	"math"
	"testing"
	"time"

	"dancu/internal/credential/statuslist"
)

func TestListCapacity(t *testing.T) {
	for _, tc := range []struct {
		name  string
		usage StatusUsage
		want  int
	}{
		{"empty", StatusUsage{}, minListEntries},
		{"a few", StatusUsage{Given: 10, Next: 9000}, minListEntries},
		{"half a block", StatusUsage{Given: minListEntries / 2, Next: minListEntries}, 2 * minListEntries},
		{"past the slack", StatusUsage{Given: 100_000, Next: 150_000}, 13 * minListEntries},
		{"an index beyond the slack", StatusUsage{Given: 10, Next: 5*minListEntries + 1}, 6 * minListEntries},
		{"at the maximum", StatusUsage{Given: statuslist.MaxEntries, Next: statuslist.MaxEntries}, statuslist.MaxEntries},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := listCapacity(tc.usage); got != tc.want {
				t.Errorf("listCapacity(%+v) = %d, want %d", tc.usage, got, tc.want)
			}
		})
	}
}

// takenStore is a Store whose taken indexes are the even ones below
// minListEntries; only the methods the draw uses are implemented.
type takenStore struct {
	Store
	reads int
}

func (s *takenStore) StatusUsage(context.Context) (StatusUsage, error) {
	s.reads++
	return StatusUsage{Given: minListEntries / 2, Next: minListEntries - 1}, nil
}

func (*takenStore) StatusIndexTaken(_ context.Context, idx int) (bool, error) {
	return idx < minListEntries && idx%2 == 0, nil
}

// TestStatusIndexDrawIsUniformAmongUnused draws from a list whose lower
// block is half taken: every draw is free, and the draws fall on the
// free indexes in proportion (uniform among the unused, not among all).
func TestStatusIndexDrawIsUniformAmongUnused(t *testing.T) {
	st := &takenStore{}
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	s := NewService(Config{Store: st, Now: func() time.Time { return now }})
	const draws = 4000
	upper := 0
	seen := map[int]int{}
	for range draws {
		idx, err := s.allocateStatusIndex(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if idx < minListEntries && idx%2 == 0 {
			t.Fatalf("drew the taken index %d", idx)
		}
		if idx >= 2*minListEntries {
			t.Fatalf("drew %d, outside the list of %d", idx, 2*minListEntries)
		}
		if idx >= minListEntries {
			upper++
		}
		seen[idx]++
	}
	// Free: 8192 odd indexes below the block, 16384 above: 2/3 above.
	p := 2.0 / 3
	sd := math.Sqrt(draws * p * (1 - p))
	if d := math.Abs(float64(upper) - draws*p); d > 6*sd {
		t.Errorf("%d of %d draws in the upper block, want about %.0f (± %.0f)", upper, draws, draws*p, 6*sd)
	}
	if len(seen) < draws*9/10 {
		t.Errorf("only %d distinct indexes in %d draws", len(seen), draws)
	}
	if st.reads != 1 {
		t.Errorf("the usage was read %d times in a minute, want once", st.reads)
	}
}
