package share

import (
	"testing"
	"time"
)

func TestRateLimiter(t *testing.T) {
	l := NewRateLimiter()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < 3; i++ {
		if ok, _ := l.Take("a", 2, 3, 1, t0); !ok {
			t.Fatalf("request %d within the burst refused", i)
		}
	}
	ok, wait := l.Take("a", 2, 3, 1, t0)
	if ok || wait != 500*time.Millisecond {
		t.Errorf("over the burst: ok %v wait %v, want refused for 500ms", ok, wait)
	}
	if ok, _ := l.Take("b", 2, 3, 1, t0); !ok {
		t.Error("another agency shares the bucket")
	}
	if ok, _ := l.Take("a", 2, 3, 1, t0.Add(500*time.Millisecond)); !ok {
		t.Error("refilled token refused")
	}
}

func TestBackoff(t *testing.T) {
	for n, want := range map[int]time.Duration{1: time.Second, 2: 2 * time.Second, 5: 16 * time.Second, 30: 10 * time.Minute} {
		if got := Backoff(n); got != want {
			t.Errorf("Backoff(%d) = %v, want %v", n, got, want)
		}
	}
}
