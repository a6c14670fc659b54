package share

import (
	"context"
	"math"
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	ctx := context.Background()
	l := NewRateLimiter(nil)
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	take := func(agency string, at time.Time) (bool, time.Duration) {
		ok, wait, err := l.Take(ctx, agency, 2, 3, 1, at)
		if err != nil {
			t.Fatal(err)
		}
		return ok, wait
	}
	for i := 0; i < 3; i++ {
		if ok, _ := take("a", t0); !ok {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	ok, wait := take("a", t0)
	if ok || wait != 500*time.Millisecond {
		t.Errorf("over the burst: ok %v wait %v, want refused for 500ms", ok, wait)
	}
	if ok, _ := take("b", t0); !ok {
		t.Error("another agency shares the bucket")
	}
	if ok, _ := take("a", t0.Add(500*time.Millisecond)); !ok {
		t.Error("refilled token refused")
	}
}

// memBuckets is a TokenBuckets in memory with the database's rules, which
// counts draws; sqlstore's tests run the real one on both engines.
type memBuckets struct {
	tokens map[string]float64
	last   map[string]time.Time
	draws  int
}

func (m *memBuckets) DrawTokens(_ context.Context, agency string, rate, burst, need, want float64, now time.Time) (float64, float64, error) {
	m.draws++
	tokens, seen := m.tokens[agency]
	if !seen {
		tokens = burst
	} else if el := now.Sub(m.last[agency]).Seconds(); el > 0 {
		tokens = math.Min(burst, tokens+el*rate)
	}
	if !seen || now.After(m.last[agency]) {
		m.last[agency] = now
	}
	got := 0.0
	if tokens >= need {
		got = math.Min(want, tokens)
	}
	m.tokens[agency] = tokens - got
	return got, tokens - got, nil
}

// TestSharedRateLimiterSlices runs three servers' limiters on one shared
// bucket for ten simulated seconds of calls every millisecond from each:
// together they accept no more than the burst plus the rate times the
// time, nearly all of it, and at the limit draw from the store about once
// per server per slice (a slice of one token for a slow agency), not once
// per call: 30,000 calls are made against a few thousand tokens.
func TestSharedRateLimiterSlices(t *testing.T) {
	for _, tc := range []struct {
		name        string
		rate        float64
		burst       int
		maxDrawsPer float64 // draws per accepted call, at most
	}{
		{"slow agency: one token per draw", 5, 10, 8},
		{"busy agency: slices of rate/20", 400, 100, 0.25},
	} {
		t.Run(tc.name, func(t *testing.T) {
			store := &memBuckets{tokens: map[string]float64{}, last: map[string]time.Time{}}
			servers := []*RateLimiter{NewRateLimiter(store), NewRateLimiter(store), NewRateLimiter(store)}
			t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			const span = 10 * time.Second
			accepted, refusedWithoutWait := 0, 0
			for at := time.Duration(0); at < span; at += time.Millisecond {
				for _, l := range servers {
					ok, wait, err := l.Take(context.Background(), "a", tc.rate, tc.burst, 1, t0.Add(at))
					if err != nil {
						t.Fatal(err)
					}
					if ok {
						accepted++
					} else if wait <= 0 {
						refusedWithoutWait++
					}
				}
			}
			limit := float64(tc.burst) + tc.rate*span.Seconds()
			if float64(accepted) > limit {
				t.Errorf("three servers accepted %d calls; the limit allows %.0f", accepted, limit)
			}
			if float64(accepted) < 0.9*limit {
				t.Errorf("three servers accepted %d calls of the %.0f the limit allows: slices are wasted", accepted, limit)
			}
			if refusedWithoutWait > 0 {
				t.Errorf("%d refusals said to retry at once", refusedWithoutWait)
			}
			if per := float64(store.draws) / float64(accepted); per > tc.maxDrawsPer {
				t.Errorf("%d draws for %d accepted calls (%.3f each), want at most %.3f", store.draws, accepted, per, tc.maxDrawsPer)
			}
		})
	}
}

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 5: 16 * time.Second, 30: 10 * time.Minute} {
		if got := Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}
