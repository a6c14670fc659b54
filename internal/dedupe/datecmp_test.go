package dedupe

import (
	"testing"

	"dancu/internal/pdate"
)

func TestCompareDates(t *testing.T) {
	d := pdate.Full
	tests := []struct {
		name string
		a, b pdate.Date
		want DateOutcome
	}{
		{"exact", d(1990, 5, 15), d(1990, 5, 15), DateExact},
		{"year-month known on one side", d(1990, 5, 15), pdate.Date{Year: 1990, Month: 5}, DateAgreeMonth},
		{"year only on one side", d(1990, 5, 15), pdate.Date{Year: 1990}, DateAgreeYear},
		{"day and month swapped", d(1990, 5, 3), d(1990, 3, 5), DateSwapped},
		{"day digit slipped", d(1990, 5, 15), d(1990, 5, 16), DateTypo},
		{"year digit slipped", d(1990, 5, 15), d(1980, 5, 15), DateTypo},
		{"neighbouring digits swapped", d(1990, 5, 12), d(1990, 5, 21), DateTypo},
		{"year-only digit slip", pdate.Date{Year: 1990}, pdate.Date{Year: 1991}, DateTypo},
		{"same year otherwise", d(1990, 5, 15), d(1990, 11, 2), DateSameYear},
		{"different", d(1990, 5, 15), d(1975, 11, 2), DateDiffer},
		{"unknown", d(1990, 5, 15), pdate.Date{}, DateMissing},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CompareDates(tt.a, tt.b); got != tt.want {
				t.Errorf("CompareDates(%v, %v) = %s, want %s", tt.a, tt.b, got, tt.want)
			}
			if got := CompareDates(tt.b, tt.a); got != tt.want {
				t.Errorf("CompareDates(%v, %v) = %s, want %s (symmetry)", tt.b, tt.a, got, tt.want)
			}
		})
	}
}
