package ui

import (
	"context"
	"time"

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

// figures computes the standing of each unit on day, with the quality
// metrics of parent and the units below it, waiting for the computation
// when it is not cached yet (exports, warming).
func (s *server) figures(ctx context.Context, system auth.User, parent string, codes []string, day time.Time) ([]unitFigures, error) {
	v, err := s.dash.get(ctx, figuresKey(parent, day), s.computeFigures(system, parent, codes, day))
	if err != nil {
		return nil, err
	}
	return v.([]unitFigures), nil
}

// figuresNow is figures without waiting: ready is false while the first
// computation runs in the background (started here if need be), and the
// page shows a placeholder that polls for them.
func (s *server) figuresNow(system auth.User, parent string, codes []string, day time.Time) (figs []unitFigures, ready bool, err error) {
	v, ready, err := s.dash.peek(figuresKey(parent, day), s.computeFigures(system, parent, codes, day))
	if !ready || err != nil {
		return nil, false, err
	}
	return v.([]unitFigures), true, nil
}

// figuresKey names one parent's figures; the codes below a parent are
// fixed by the unit catalog, so they need not be part of the key.
func figuresKey(parent string, day time.Time) string {
	return "fig|" + parent + "|" + day.Format(time.DateOnly)
}

func (s *server) computeFigures(system auth.User, parent string, codes []string, day time.Time) func(context.Context) (any, error) {
	return func(ctx context.Context) (any, error) {
		province := s.provinceOf(parent)
		q, err := s.qualityOf(ctx, province)
		if err != nil {
			return nil, err
		}
		pop, err := s.population(ctx, province, day)
		if err != nil {
			return nil, err
		}
		out := make([]unitFigures, len(codes))
		for i, code := range codes {
			p, err := s.issue.ProgressGiven(ctx, system, code, day, pop)
			if err != nil {
				return nil, err
			}
			m, ok := q[code]
			out[i] = unitFigures{Code: code, Progress: p, Quality: m, HasQ: ok}
		}
		return out, nil
	}
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
		from := day.AddDate(0, 0, 1-n)
		counts, err := s.issue.DailyCounts(ctx, dashboardUser(), unit, from, day)
		if err != nil {
			return nil, err
		}
		out := make([]daily, len(counts))
		for i, c := range counts {
			out[i] = daily{Day: from.AddDate(0, 0, i), Counts: c}
		}
		return out, nil
	})
	if err != nil {
		return nil, err
	}
	return v.([]daily), nil
}
