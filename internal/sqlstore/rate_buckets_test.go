package sqlstore_test

import (
	"context"
	"math"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dancu/internal/share"
)

// TestDrawTokens checks the shared bucket's one statement on both engines:
// a new bucket is full, a draw takes at most what was asked and nothing
// below need, the bucket refills at its rate up to its burst, and a clock
// that goes backwards refills nothing.
func TestDrawTokens(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		b := e.db.RateBuckets()
		t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
		for _, step := range []struct {
			name      string
			at        time.Duration
			need      float64
			want      float64
			got, left float64
		}{
			{"a new bucket is full", 0, 1, 4, 4, 6},
			{"a draw takes what it wants", 0, 1, 5, 5, 1},
			{"nothing below need", 0, 2, 2, 0, 1},
			{"at most what it holds", 0, 0.5, 3, 1, 0},
			{"refills at the rate", 250 * time.Millisecond, 1, 1, 1, 0.25},
			{"a clock behind refills nothing", 100 * time.Millisecond, 0.5, 1, 0, 0.25},
			{"refills up to the burst", time.Hour, 1, 20, 10, 0},
		} {
			got, left, err := b.DrawTokens(ctx, "agency-1", 5, 10, step.need, step.want, t0.Add(step.at))
			if err != nil {
				t.Fatalf("%s: %v", step.name, err)
			}
			if math.Abs(got-step.got) > 1e-6 || math.Abs(left-step.left) > 1e-6 {
				t.Errorf("%s: got %.4f left %.4f, want got %.4f left %.4f", step.name, got, left, step.got, step.left)
			}
		}
		if got, _, err := b.DrawTokens(ctx, "agency-2", 5, 10, 1, 1, t0); err != nil || got != 1 {
			t.Errorf("another agency's bucket: got %v, %v; want its own full bucket", got, err)
		}
	})
}

// TestRateBucketsShareOneLimit puts two servers' limiters on one database
// and calls both from eight goroutines each for two seconds of real time:
// together they accept no more than the agency's burst plus its rate times
// the time, and a refused call is told how long to wait.
func TestRateBucketsShareOneLimit(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		const rate, burst = 50.0, 20
		servers := []*share.RateLimiter{share.NewRateLimiter(e.db.RateBuckets()), share.NewRateLimiter(e.db.RateBuckets())}
		var accepted, refused, badWait atomic.Int64
		start := time.Now()
		deadline := start.Add(2 * time.Second)
		var wg sync.WaitGroup
		for _, l := range servers {
			for range 8 {
				wg.Go(func() {
					for time.Now().Before(deadline) {
						ok, wait, err := l.Take(context.Background(), "agency-1", rate, burst, 1, time.Now())
						switch {
						case err != nil:
							t.Error(err)
							return
						case ok:
							accepted.Add(1)
						default:
							refused.Add(1)
							if wait <= 0 || wait > time.Second {
								badWait.Add(1)
							}
							time.Sleep(time.Millisecond)
						}
					}
				})
			}
		}
		wg.Wait()
		limit := burst + rate*time.Since(start).Seconds()
		if float64(accepted.Load()) > limit {
			t.Errorf("two servers accepted %d calls in %s; the limit allows %.0f", accepted.Load(), time.Since(start).Round(time.Millisecond), limit)
		}
		if float64(accepted.Load()) < 0.5*limit || refused.Load() == 0 {
			t.Errorf("accepted %d, refused %d: the test did not reach the limit (allowed %.0f)", accepted.Load(), refused.Load(), limit)
		}
		if badWait.Load() > 0 {
			t.Errorf("%d refusals had no wait or one over a second", badWait.Load())
		}
		t.Logf("%s: %d accepted (limit %.0f), %d refused", e.db.Engine(), accepted.Load(), limit, refused.Load())
	})
}
