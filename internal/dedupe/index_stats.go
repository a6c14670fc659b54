package dedupe

import (
	"fmt"
	"slices"
	"strings"
)

// KindStats describes the blocks of one kind of key ("gy", "nc", …): how
// big they grow decides what a full run costs, since a block of n records
// makes up to n(n-1)/2 comparisons.
type KindStats struct {
	Kind    string
	Blocks  int
	Filed   int // memberships
	Max     int
	Capped  int
	Pairs   int64 // sum of n(n-1)/2: comparisons the kind can propose
	P99Size int
}

// Stats summarises the index's blocks per key kind, largest Pairs first.
func (ix *Index) Stats() []KindStats {
	by := map[string]*KindStats{}
	sizes := map[string][]int{}
	for b := range ix.members {
		kind := kindNames[ix.kind[b]]
		s := by[kind]
		if s == nil {
			s = &KindStats{Kind: kind}
			by[kind] = s
		}
		n := len(ix.members[b])
		s.Blocks++
		s.Filed += n
		s.Max = max(s.Max, n)
		if n >= ix.cap {
			s.Capped++
		}
		s.Pairs += int64(n) * int64(n-1) / 2
		sizes[kind] = append(sizes[kind], n)
	}
	out := make([]KindStats, 0, len(by))
	for kind, s := range by {
		v := sizes[kind]
		slices.Sort(v)
		s.P99Size = v[len(v)*99/100]
		out = append(out, *s)
	}
	slices.SortFunc(out, func(a, b KindStats) int { return int(b.Pairs - a.Pairs) })
	return out
}

// FormatStats renders Stats one kind a line, for a debug log or a bench.
func FormatStats(st []KindStats) string {
	var b strings.Builder
	for _, s := range st {
		fmt.Fprintf(&b, "%s blocks=%d filed=%d max=%d p99=%d capped=%d pairs=%d\n", s.Kind, s.Blocks, s.Filed, s.Max, s.P99Size, s.Capped, s.Pairs)
	}
	return b.String()
}
