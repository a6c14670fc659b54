package dedupe_test

import (
	"slices"
	"strings"
	"testing"

	"dancu/internal/dedupe"
)

// Ordering for locality is a permutation sorted by given name, and a full
// run over it finds the same pairs as over the register's order (no block
// of 3,000 records reaches the cap, so order cannot change a block).
func TestOrderForLocality(t *testing.T) {
	citizens, _ := generated(t, 3000)
	recs := prepare(citizens)
	sorted := prepare(citizens)
	dedupe.OrderForLocality(sorted)
	refs := func(rs []dedupe.Record) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.Ref)
		}
		return out
	}
	if a, b := slices.Sorted(slices.Values(refs(recs))), slices.Sorted(slices.Values(refs(sorted))); !slices.Equal(a, b) {
		t.Fatal("ordering lost or repeated records")
	}
	if !slices.IsSortedFunc(sorted, func(a, b dedupe.Record) int { return strings.Compare(a.Name.Given(), b.Name.Given()) }) {
		t.Error("not ordered by given name")
	}
	pairs := func(rs []dedupe.Record) []string {
		var out []string
		for _, p := range dedupe.Find(rs, dedupe.Options{BlockCap: 1 << 20}) {
			out = append(out, dedupe.PairKey(p.Left.Ref, p.Right.Ref)+" "+string(p.Decision))
		}
		slices.Sort(out)
		return out
	}
	if a, b := pairs(recs), pairs(sorted); !slices.Equal(a, b) {
		t.Errorf("pairs differ after ordering: %d vs %d", len(a), len(b))
	}
}
