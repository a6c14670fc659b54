package ui

import (
	"context"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
	"dancu/internal/quality"
)

// unitFigures is one unit's standing for the dashboards.
type unitFigures struct {
	Code     string
	Progress issuance.Progress
	Quality  quality.Metrics
	HasQ     bool
}

// Percent of the unit's quota received, of its eligible residents
// covered, and of its records clean.
func (f unitFigures) PctTarget() float64  { return f.Progress.PercentOfTarget() }
func (f unitFigures) PctCovered() float64 { return f.Progress.PercentCovered() }

// Bucket is the colour class of a tile or bar: 0 (nothing) to 5.
func (f unitFigures) Bucket() int {
	p := f.PctCovered()
	switch {
	case f.Progress.Eligible == 0:
		return 0
	case p >= 80:
		return 5
	case p >= 60:
		return 4
	case p >= 40:
		return 3
	case p >= 20:
		return 2
	}
	return 1
}

// figureCache keeps computed figures for a while: counting a province's
// eligible population scans its citizens (seconds for 1,000,000 people),
// too slow for every page view. A stale entry is served at once while one
// background computation refreshes it; only the very first view of a unit
// waits. Figures are counts, no personal data; jurisdiction is checked
// before the cache is asked.
type figureCache struct {
	ttl time.Duration
	now func() time.Time
	mu  sync.Mutex
	m   map[string]*cached
}

type cached struct {
	at         time.Time
	val        any
	refreshing bool
}

func newFigureCache(ttl time.Duration, now func() time.Time) *figureCache {
	return &figureCache{ttl: ttl, now: now, m: map[string]*cached{}}
}

// refreshTimeout bounds a background refresh.
const refreshTimeout = 2 * time.Minute

// get returns the value under key, computing it when absent. Two requests
// racing on a cold key both compute; the figures are equal.
func (c *figureCache) get(ctx context.Context, key string, compute func(context.Context) (any, error)) (any, error) {
	c.mu.Lock()
	e, ok := c.m[key]
	if ok {
		if c.now().Sub(e.at) >= c.ttl && !e.refreshing {
			e.refreshing = true
			go c.refresh(key, compute)
		}
		v := e.val
		c.mu.Unlock()
		return v, nil
	}
	c.mu.Unlock()
	v, err := compute(ctx)
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	c.m[key] = &cached{at: c.now(), val: v}
	c.mu.Unlock()
	return v, nil
}

func (c *figureCache) refresh(key string, compute func(context.Context) (any, error)) {
	ctx, cancel := context.WithTimeout(context.Background(), refreshTimeout)
	defer cancel()
	v, err := compute(ctx)
	c.mu.Lock()
	defer c.mu.Unlock()
	e := c.m[key]
	e.refreshing = false
	if err == nil { // on failure the stale figures stay and the next view retries
		e.at, e.val = c.now(), v
	}
}

// figures computes the standing of each unit on day, with the quality
// metrics of parent and the units below it.
func (s *server) figures(ctx context.Context, system auth.User, parent string, codes []string, day time.Time) ([]unitFigures, error) {
	key := "fig|" + parent + "|" + day.Format(time.DateOnly)
	v, err := s.dash.get(ctx, key, func(ctx context.Context) (any, error) {
		province := s.provinceOf(parent)
		q, err := s.qualityOf(ctx, province)
		if err != nil {
			return nil, err
		}
		pop, err := s.population(ctx, province, day)
		if err != nil {
			return nil, err
		}
		st, ok := s.reg.(issuance.Store)
		if !ok {
			return nil, apperr.New(apperr.Internal, "this store does not keep card issuance records")
		}
		svc := issuance.NewService(issuance.Config{Store: popStore{Store: st, pop: pop}, Citizens: s.reg, Units: s.units, Now: s.auth.Now})
		out := make([]unitFigures, len(codes))
		for i, code := range codes {
			p, err := svc.Progress(ctx, system, code, day)
			if err != nil {
				return nil, err
			}
			m, ok := q[code]
			out[i] = unitFigures{Code: code, Progress: p, Quality: m, HasQ: ok}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]unitFigures), nil
}

// daily is one day of workflow events, for the charts.
type daily struct {
	Day    time.Time
	Counts issuance.Counts
}

// series counts the unit's events on each of the n days up to day.
func (s *server) series(ctx context.Context, unit string, day time.Time, n int) ([]daily, error) {
	key := "series|" + unit + "|" + day.Format(time.DateOnly)
	v, err := s.dash.get(ctx, key, func(ctx context.Context) (any, error) {
		st, ok := s.reg.(issuance.Store)
		if !ok {
			return []daily{}, nil
		}
		out := make([]daily, n)
		for i := range n {
			d := day.AddDate(0, 0, i-n+1)
			c, err := st.CountEvents(ctx, unit, d, d)
			if err != nil {
				return nil, err
			}
			out[i] = daily{Day: d, Counts: c}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]daily), nil
}
