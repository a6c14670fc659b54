package idp

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"
)

// revocationStore is the store as the index reads it: the revocations,
// and how often and since when they were asked for.
type revocationStore struct {
	Store
	mu     sync.Mutex
	list   []Revocation
	sinces []time.Time
	err    error
}

func (s *revocationStore) Revocations(_ context.Context, since time.Time) ([]Revocation, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sinces = append(s.sinces, since)
	if s.err != nil {
		return nil, s.err
	}
	var out []Revocation
	for _, r := range s.list {
		if !r.At.Before(since) {
			out = append(out, r)
		}
	}
	return out, nil
}

func TestRevocationIndex(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	ttl := 10 * time.Minute
	type step struct {
		at       time.Duration // after t0
		store    []Revocation  // revocations written to the store before the step
		local    []Revocation  // revocations this service makes
		issued   time.Duration // the token's issue time, after t0
		keys     []string
		want     bool
		wantRead bool // the step reads the store
	}
	g1, c1, a1 := GrantRevocation("g1"), CitizenClientRevocation("z1", "bank"), AccountRevocation("z1")
	for _, tc := range []struct {
		name  string
		steps []step
	}{
		{"first use loads, then at most once per interval", []step{
			{at: 0, store: []Revocation{{g1, t0}}, issued: -time.Minute, keys: []string{g1}, want: true, wantRead: true},
			{at: 500 * time.Millisecond, store: []Revocation{{a1, t0.Add(400 * time.Millisecond)}}, issued: -time.Minute, keys: []string{a1}, want: false},
			{at: time.Second, issued: -time.Minute, keys: []string{a1}, want: true, wantRead: true},
		}},
		{"a revocation covers tokens issued up to it, not after", []step{
			{at: time.Second, store: []Revocation{{c1, t0}}, issued: 0, keys: []string{c1}, want: true, wantRead: true},
			{at: 1500 * time.Millisecond, issued: time.Millisecond, keys: []string{c1}, want: false},
			{at: 1600 * time.Millisecond, issued: -time.Millisecond, keys: []string{"g:other", c1}, want: true},
		}},
		{"this service's own revocations apply at once", []step{
			{at: 0, issued: -time.Minute, keys: []string{g1}, want: false, wantRead: true},
			{at: 10 * time.Millisecond, local: []Revocation{{g1, t0.Add(10 * time.Millisecond)}}, issued: -time.Minute, keys: []string{g1}, want: true},
		}},
		{"a late commit with an earlier time is still found", []step{
			{at: 0, issued: -time.Minute, keys: []string{a1}, want: false, wantRead: true},
			{at: 2 * time.Second, store: []Revocation{{a1, t0.Add(-time.Second)}}, issued: -time.Minute, keys: []string{a1}, want: true, wantRead: true},
		}},
		{"revocations older than a token's lifetime are dropped", []step{
			{at: 0, store: []Revocation{{g1, t0}}, issued: -time.Minute, keys: []string{g1}, want: true, wantRead: true},
			{at: ttl + time.Minute, issued: -time.Minute, keys: []string{g1}, want: false, wantRead: true},
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := &revocationStore{}
			x := newRevocationIndex()
			for i, s := range tc.steps {
				st.list = append(st.list, s.store...)
				for _, r := range s.local {
					x.add(r.Key, r.At)
				}
				reads := len(st.sinces)
				now := t0.Add(s.at)
				if err := x.refresh(context.Background(), st, now, ttl); err != nil {
					t.Fatal(err)
				}
				if got := x.covers(t0.Add(s.issued), s.keys...); got != s.want {
					t.Fatalf("step %d: covers %v = %v, want %v", i, s.keys, got, s.want)
				}
				if read := len(st.sinces) > reads; read != s.wantRead {
					t.Fatalf("step %d: read the store %v, want %v", i, read, s.wantRead)
				}
				if s.wantRead {
					if since := st.sinces[len(st.sinces)-1]; since.Before(now.Add(-ttl - revocationOverlap)) {
						t.Fatalf("step %d: read since %v, more than a lifetime back", i, since)
					}
				}
			}
			x.mu.RLock()
			defer x.mu.RUnlock()
			for k, at := range x.at {
				if at.Before(t0.Add(tc.steps[len(tc.steps)-1].at - ttl - revocationOverlap)) {
					t.Fatalf("kept %s at %v", k, at)
				}
			}
		})
	}
}

// A store that cannot be read refuses the check (fail closed) until it
// can, and the first load is not skipped by concurrent callers.
func TestRevocationIndexFailsClosed(t *testing.T) {
	t0 := time.Date(2026, 12, 6, 8, 0, 0, 0, time.UTC)
	st := &revocationStore{err: errors.New("database is down")}
	s := &Service{cfg: Config{Store: st, Now: func() time.Time { return t0 }, AccessTTL: time.Minute}, revocations: newRevocationIndex()}
	if _, err := s.revokedAccess(context.Background(), Token{GrantID: "g1", IssuedAt: t0}); err == nil {
		t.Fatal("revocations unreadable: the token was accepted")
	}
	st.err = nil
	st.list = []Revocation{{GrantRevocation("g1"), t0}}
	var wg sync.WaitGroup
	results := make([]bool, 8)
	for i := range results {
		wg.Go(func() {
			r, err := s.revokedAccess(context.Background(), Token{GrantID: "g1", IssuedAt: t0})
			results[i] = r && err == nil
		})
	}
	wg.Wait()
	for i, r := range results {
		if !r {
			t.Fatalf("caller %d did not see the revocation of the first load", i)
		}
	}
}
