package bench

import (
	"fmt"
	"sort"
	"time"
)

// Latencies collects durations and reports percentiles.
type Latencies []time.Duration

// Percentile returns the p-th percentile (0..100), nearest rank.
func (l Latencies) Percentile(p float64) time.Duration {
	if len(l) == 0 {
		return 0
	}
	s := append(Latencies(nil), l...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	idx := int(p/100*float64(len(s))+0.5) - 1
	if idx < 0 {
		idx = 0
	}
	if idx >= len(s) {
		idx = len(s) - 1
	}
	return s[idx]
}

// Summary is "n=… p50=… p95=… p99=… max=…".
func (l Latencies) Summary() string {
	return fmt.Sprintf("n=%d p50=%s p95=%s p99=%s max=%s", len(l),
		round(l.Percentile(50)), round(l.Percentile(95)), round(l.Percentile(99)), round(l.Percentile(100)))
}

func round(d time.Duration) time.Duration {
	if d > time.Millisecond {
		return d.Round(10 * time.Microsecond)
	}
	return d.Round(time.Microsecond)
}
