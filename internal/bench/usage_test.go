package bench

import (
	"testing"
	"time"
)

func TestParseProcStat(t *testing.T) {
	for _, tc := range []struct {
		name        string
		in          string
		busy, total int64
		fails       bool
	}{
		{name: "kernel 6", in: "cpu  100 5 50 800 40 3 2 0 0 0\ncpu0 50 2 25 400 20 1 1 0 0 0\n", busy: 160, total: 1000},
		{name: "old kernel, four fields", in: "cpu 10 0 10 80\n", busy: 20, total: 100},
		{name: "no cpu line", in: "intr 1 2 3\n", fails: true},
		{name: "bad number", in: "cpu 1 x 3 4 5\n", fails: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			busy, total, err := parseProcStat(tc.in)
			if (err != nil) != tc.fails {
				t.Fatalf("error %v, want failure %v", err, tc.fails)
			}
			if !tc.fails && (busy != tc.busy || total != tc.total) {
				t.Fatalf("busy %d of %d, want %d of %d", busy, total, tc.busy, tc.total)
			}
		})
	}
}

func TestUsageSince(t *testing.T) {
	before := Usage{process: time.Second, busy: 100, total: 1000}
	after := Usage{process: 3 * time.Second, busy: 700, total: 2000}
	r := after.Since(before, 1000)
	if r.PerRequest != 2*time.Millisecond || r.MachineBusy != 0.6 {
		t.Fatalf("%+v, want 2ms per request and 60%% busy", r)
	}
	if got := (Usage{}).Since(Usage{}, 0); got.PerRequest != 0 || got.MachineBusy != -1 {
		t.Fatalf("no requests, no ticks: %+v", got)
	}
}
