package ui

import (
	"context"
	"time"

	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// warmPause spaces the units warmed at start-up, so that warming stays in
// the background of the officers' own requests.
const warmPause = 200 * time.Millisecond

// warmDashboards computes the national figures, then those of each
// province with residents, one at a time, so that officers rarely meet
// the dashboard's placeholder. A failure is logged (unit codes only) and
// the page computes the unit on its first view as it would have.
func (s *server) warmDashboards(ctx context.Context) {
	day := issuance.Day(s.auth.Now())
	warm := func(unit string) bool {
		_, children := s.below(unit)
		if _, err := s.figures(ctx, dashboardUser(), unit, figureCodes(unit, children), day); err != nil {
			s.log.Warn("ui: warming dashboard figures", "unit", unit, "err", err)
			return false
		}
		return true
	}
	if !warm("") {
		return
	}
	pop, err := s.population(ctx, "", day) // cached by the national figures
	if err != nil || pop == nil {
		return
	}
	for _, p := range s.units.Provinces(auth.UnitList) {
		if pop[p.Code][0] == 0 {
			continue
		}
		time.Sleep(warmPause)
		if !warm(p.Code) {
			return
		}
	}
}
