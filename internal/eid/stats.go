package eid

import (
	"context"
	"sort"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// Activation statistics, as the ministry reports them per unit: of the
// citizens eligible for an account, the share with an active account and
// the share at level 2.
//
// Eligible (NĐ 69/2024, shared/spec/domain.md §8): a living citizen whose
// permanent residence is in the unit and who is 14 or older on the day,
// or younger but holds an active card (a child's account is on request,
// so a child without a card is not counted: they cannot enrol). An
// account counts when it is active (not pending, suspended or revoked)
// and belongs to an eligible citizen; Level1 counts accounts at level 1
// only, Level2 those at level 2, so Level1 + Level2 is every activated
// account.

// StatsQuery asks for the counts of the units under Parent: the communes
// of a province (2 digits), the province's own row for a commune (5
// digits), or every province for "".
type StatsQuery struct {
	Parent string
	Day    time.Time
	// BornBy is the last birth date of a citizen aged 14 on Day.
	BornBy time.Time
}

// UnitCounts are one unit's figures.
type UnitCounts struct {
	Unit     string `json:"unit"`
	Eligible int64  `json:"eligible"`
	Level1   int64  `json:"level1"`
	Level2   int64  `json:"level2"`
}

// UnitStats are one unit's figures with the shares.
type UnitStats struct {
	UnitCounts
	Name string `json:"name,omitempty"`
	// Activated is Level1 + Level2; the shares are of Eligible (0 when
	// nobody is eligible).
	Activated      int64   `json:"activated"`
	ActivatedShare float64 `json:"activated_share"`
	Level2Share    float64 `json:"level2_share"`
}

// Stats is a unit's breakdown and its total.
type Stats struct {
	Unit  string      `json:"unit"`
	Day   time.Time   `json:"day"`
	Total UnitStats   `json:"total"`
	Units []UnitStats `json:"units"`
}

// ActivationStats counts the units under unit ("" national) on day, for
// an officer whose jurisdiction covers unit.
func (s *Service) ActivationStats(ctx context.Context, u auth.User, unit string, day time.Time) (Stats, error) {
	if u.Role == "" {
		return Stats{}, apperr.New(apperr.Forbidden, "no role")
	}
	if unit == "" {
		unit = u.Scope()
	}
	if !u.Covers(s.cfg.Units, unit) {
		return Stats{}, apperr.New(apperr.Forbidden, "unit %s is outside your jurisdiction", unit)
	}
	if unit != "" && len(unit) != 2 && len(unit) != 5 {
		return Stats{}, apperr.New(apperr.Invalid, "a unit is a 2-digit province or a 5-digit commune code")
	}
	if day.IsZero() {
		day = s.cfg.Now()
	}
	day = issuance.Day(day)
	rows, err := s.cfg.Store.ActivationCounts(ctx, StatsQuery{Parent: unit, Day: day, BornBy: day.AddDate(-AdultAge, 0, 0)})
	if err != nil {
		return Stats{}, err
	}
	out := Stats{Unit: unit, Day: day, Units: []UnitStats{}}
	var total UnitCounts
	for _, r := range rows {
		total.Eligible += r.Eligible
		total.Level1 += r.Level1
		total.Level2 += r.Level2
		out.Units = append(out.Units, s.withShares(r))
	}
	sort.Slice(out.Units, func(i, j int) bool { return out.Units[i].Unit < out.Units[j].Unit })
	total.Unit = unit
	out.Total = s.withShares(total)
	return out, nil
}

func (s *Service) withShares(c UnitCounts) UnitStats {
	st := UnitStats{UnitCounts: c, Activated: c.Level1 + c.Level2}
	if c.Unit != "" {
		if u, ok := s.cfg.Units.Lookup(auth.UnitList, c.Unit); ok {
			st.Name = u.Name
		}
	}
	if c.Eligible > 0 {
		st.ActivatedShare = float64(st.Activated) / float64(c.Eligible)
		st.Level2Share = float64(c.Level2) / float64(c.Eligible)
	}
	return st
}
