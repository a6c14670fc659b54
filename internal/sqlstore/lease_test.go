package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"dancu/internal/lease"
)

// One holder at a time: a live lease is refused to others and renewed by
// its holder; once it expires another server takes it; leases are
// independent of each other.
func TestLeaseHasOneHolderAtATime(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		const ttl = 400 * time.Millisecond
		steps := []struct {
			name, holder string
			sleep        time.Duration
			want         bool
		}{
			{"dispatch", "a", 0, true},
			{"dispatch", "b", 0, false},
			{"dispatch", "a", 0, true},
			{"sign", "b", 0, true},
			{"dispatch", "b", ttl + 200*time.Millisecond, true},
			{"dispatch", "a", 0, false},
		}
		for i, s := range steps {
			time.Sleep(s.sleep)
			got, err := e.db.TryLease(ctx, s.name, s.holder, ttl)
			if err != nil {
				t.Fatal(err)
			}
			if got != s.want {
				t.Fatalf("step %d: %s asks for %s: %v, want %v", i+1, s.holder, s.name, got, s.want)
			}
		}
		// Two keepers: exactly one holds at any time.
		ka := &lease.Keeper{Store: e.db, Name: "k", Holder: "ka", TTL: time.Second}
		kb := &lease.Keeper{Store: e.db, Name: "k", Holder: "kb", TTL: time.Second}
		if !ka.Renew(ctx) || kb.Renew(ctx) {
			t.Fatalf("first keeper should hold, second not: %v %v", ka.Held(), kb.Held())
		}
		if !ka.Held() || kb.Held() {
			t.Fatalf("Held: a %v, b %v", ka.Held(), kb.Held())
		}
	})
}
