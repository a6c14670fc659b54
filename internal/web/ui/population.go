package ui

import (
	"context"
	"time"

	"dancu/internal/auth"
	"dancu/internal/quality"
)

// provinceOf is the province whose grouped counts hold unit's figures:
// the unit itself, a commune's province, or "" for the country.
func (s *server) provinceOf(unit string) string {
	if len(unit) == 5 {
		if u, ok := s.units.Lookup(auth.UnitList, unit); ok {
			return u.ParentCode
		}
	}
	return unit
}

// population is the cached grouped count of province's communes (with
// the province's own total), or of every province for "". A commune's
// dashboard reuses its province's counts.
func (s *server) population(ctx context.Context, province string, day time.Time) (map[string][2]int64, error) {
	v, err := s.dash.get(ctx, "pop|"+province+"|"+day.Format(time.DateOnly), func(ctx context.Context) (any, error) {
		m, err := s.issue.Populations(ctx, dashboardUser(), province, day)
		if err != nil || province == "" {
			return m, err
		}
		var total [2]int64
		for _, c := range s.units.Communes(auth.UnitList, province) {
			total[0], total[1] = total[0]+m[c.Code][0], total[1]+m[c.Code][1]
		}
		m[province] = total
		return m, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string][2]int64), nil
}

// qualityOf is the cached quality metrics of province and every unit
// below it, by unit code; a commune's dashboard reuses its province's.
func (s *server) qualityOf(ctx context.Context, province string) (map[string]quality.Metrics, error) {
	qs := s.quality
	if qs == nil {
		return map[string]quality.Metrics{}, nil
	}
	v, err := s.dash.get(ctx, "q|"+province, func(ctx context.Context) (any, error) {
		ms, err := qs.QualityMetrics(ctx, province)
		if err != nil {
			return nil, err
		}
		q := map[string]quality.Metrics{}
		for _, m := range ms {
			q[m.Unit] = m
		}
		return q, nil
	})
	if err != nil {
		return nil, err
	}
	return v.(map[string]quality.Metrics), nil
}
