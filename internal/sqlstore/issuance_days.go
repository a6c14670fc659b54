package sqlstore

import (
	"database/sql"
	"fmt"
	"time"

	"dancu/internal/issuance"
)

// Calendar days are stored as 'YYYY-MM-DD' text on both engines (see
// migration 0003): they are dates in Vietnam, not instants.
func dayArg(t time.Time) string { return t.Format(issuance.DayLayout) }

func nullDayArg(t *time.Time) any {
	if t == nil {
		return nil
	}
	return dayArg(*t)
}

func scanDay(s string) (time.Time, error) {
	t, err := time.Parse(issuance.DayLayout, s)
	if err != nil {
		return t, fmt.Errorf("stored day %q: %w", s, err)
	}
	return t, nil
}

func scanNullDay(s sql.NullString) (*time.Time, error) {
	if !s.Valid {
		return nil, nil
	}
	t, err := scanDay(s.String)
	return &t, err
}

// earliestDay stands for "no lower bound" in day ranges.
const earliestDay = "0000-01-01"

// unitColumn picks the column a unit filter applies to: stations and
// applications carry both their commune (or province) and their province,
// so a province rolls up its communes without a join.
func unitColumn(unit string) string {
	if len(unit) == 2 {
		return "province"
	}
	return "unit"
}
