package ui

import (
	"context"
	"testing"
	"time"
)

// TestFigureCacheServesStaleWhileRefreshing: after the TTL the old value
// comes back at once and one background computation replaces it.
func TestFigureCacheServesStaleWhileRefreshing(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	c := newFigureCache(time.Minute, func() time.Time { return now })
	calls, done := 0, make(chan struct{}, 1)
	compute := func(context.Context) (any, error) {
		calls++
		if calls > 1 {
			defer func() { done <- struct{}{} }()
		}
		return calls, nil
	}
	ctx := context.Background()
	if v, _ := c.get(ctx, "k", compute); v != 1 {
		t.Fatalf("first get = %v, want 1", v)
	}
	if v, _ := c.get(ctx, "k", compute); v != 1 || calls != 1 {
		t.Fatalf("fresh get = %v after %d computations, want the cached 1", v, calls)
	}
	now = now.Add(2 * time.Minute)
	if v, _ := c.get(ctx, "k", compute); v != 1 {
		t.Fatalf("stale get = %v, want the stale 1 at once", v)
	}
	<-done
	for range 100 { // the refresh stores its value just after compute returns
		c.mu.Lock()
		v, refreshing := c.m["k"].val, c.m["k"].refreshing
		c.mu.Unlock()
		if v == 2 && !refreshing {
			return
		}
		time.Sleep(time.Millisecond)
	}
	t.Fatal("the background refresh did not replace the stale value")
}
