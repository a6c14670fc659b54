package issuance

import (
	"errors"
	"testing"
	"time"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

func TestFees2024(t *testing.T) {
	tests := []struct {
		typ    Type
		reason Reason
		day    string
		want   int64
	}{
		{FirstIssuance, "", "2025-01-01", 0},
		{Conversion, "", "2025-01-01", 30_000},
		{Exchange, AgeMilestone, "2025-06-30", 50_000},
		{Exchange, AgeMilestone, "2025-07-01", 25_000},
		{Reissue, Lost, "2026-12-31", 35_000},
		{Reissue, Lost, "2027-01-01", 70_000},
		{Exchange, UnitReorganised, "2026-01-05", 0},
	}
	for _, tt := range tests {
		if got := Fees2024(tt.typ, tt.reason, day(tt.day)); got != tt.want {
			t.Errorf("%s/%s on %s = %d, want %d", tt.typ, tt.reason, tt.day, got, tt.want)
		}
	}
}

func TestWeekdays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-01-05", 7, "2026-01-14"}, // Monday + 7 working days
		{"2026-01-09", 1, "2026-01-12"}, // Friday → Monday
		{"2026-01-10", 0, "2026-01-10"},
	}
	for _, tt := range tests {
		if got := (Weekdays{}).AddWorkingDays(day(tt.from), tt.n); !got.Equal(day(tt.want)) {
			t.Errorf("%s + %d = %s, want %s", tt.from, tt.n, got.Format(DayLayout), tt.want)
		}
	}
	if n := WorkingDaysBetween(Weekdays{}, day("2026-01-14"), day("2026-01-19")); n != 3 {
		t.Errorf("overdue = %d, want 3 (Thu, Fri, Mon)", n)
	}
	if n := WorkingDaysBetween(Weekdays{}, day("2026-01-14"), day("2026-01-14")); n != 0 {
		t.Errorf("on the promised day = %d", n)
	}
}

func TestStatusOf(t *testing.T) {
	d := day("2026-01-05")
	past, future := day("2026-01-05"), day("2030-01-01")
	tests := []struct {
		name  string
		cards []Card
		want  Validity
	}{
		{"none", nil, Unknown},
		{"in production", []Card{{State: CardProduced}}, Unknown},
		{"active, lifetime", []Card{{State: CardActive}}, Valid},
		{"active until 2030", []Card{{State: CardActive, ExpiryDate: &future}}, Valid},
		{"expires today", []Card{{State: CardActive, ExpiryDate: &past}}, Expired},
		{"only revoked", []Card{{State: CardRevoked}}, Revoked},
		{"replaced by an active one", []Card{{State: CardRevoked}, {State: CardActive}}, Valid},
	}
	for _, tt := range tests {
		if got := StatusOf(tt.cards, d); got != tt.want {
			t.Errorf("%s = %s, want %s", tt.name, got, tt.want)
		}
	}
}

func TestDay(t *testing.T) {
	// 18:00 UTC is already the next day in Vietnam.
	if got := Day(time.Date(2026, 1, 5, 18, 0, 0, 0, time.UTC)); !got.Equal(day("2026-01-06")) {
		t.Errorf("Day = %s", got)
	}
}

func TestProgressPercent(t *testing.T) {
	p := Progress{Quota: &Quota{Target: 878_400}, Total: Counts{Received: 879_781}, Eligible: 200, Covered: 150}
	if got := p.PercentOfTarget(); got < 100.157 || got > 100.158 {
		t.Errorf("percent of target = %f", got)
	}
	if got := p.PercentCovered(); got != 75 {
		t.Errorf("covered = %f", got)
	}
}
