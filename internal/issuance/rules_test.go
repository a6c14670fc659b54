package issuance

import (
	"errors"
	"testing"
	"time"

	"dancu/internal/card"
	"dancu/internal/pdate"
)

func asErr[T error](err error, target *T) bool { return errors.As(err, target) }

// TestApplicationRules checks that issuance prices and dates applications
// with the card rules: the fee in force on the day received, free
// age-milestone exchanges, holidays skipped in the promised date.
func TestApplicationRules(t *testing.T) {
	birth := pdate.Full(1986, 3, 10)
	tests := []struct {
		name     string
		n        NewApplication
		received string
		fee      int64
	}{
		{"first issuance is free", NewApplication{Type: FirstIssuance}, "2025-01-06", 0},
		{"conversion before the 50 % period", NewApplication{Type: Conversion}, "2025-06-30", 30_000},
		{"re-issue in the 50 % period", NewApplication{Type: Reissue, Reason: Lost}, "2026-12-31", 35_000},
		{"re-issue after it", NewApplication{Type: Reissue, Reason: Lost}, "2027-01-04", 70_000},
		{"exchange at 40 is free", NewApplication{Type: Exchange, Reason: AgeMilestone}, "2026-03-10", 0},
		{"exchange on request", NewApplication{Type: Exchange, Reason: OnRequest}, "2026-03-10", 25_000},
	}
	for _, tt := range tests {
		fee, err := card.ApplicationFee(cardApplication(tt.n, birth, day(tt.received)))
		if err != nil || fee.VND != tt.fee {
			t.Errorf("%s: fee %d %v, want %d", tt.name, fee.VND, err, tt.fee)
		}
	}
	if _, err := card.ApplicationFee(cardApplication(NewApplication{Type: Exchange, Reason: AgeMilestone}, pdate.Full(2015, 1, 1), day("2026-03-10"))); err == nil {
		t.Error("an age-milestone exchange at 11 was accepted")
	}
	cal := card.DefaultVietnamCalendar()
	// Received Monday 2026-01-05: 7 working days later is Wednesday 14.
	if got, err := promisedDate(cal, day("2026-01-05")); err != nil || !got.Equal(day("2026-01-14")) {
		t.Errorf("promised date = %s %v, want 2026-01-14", got.Format(DayLayout), err)
	}
	if n := WorkingDaysBetween(cal, day("2026-01-14"), day("2026-01-19")); n != 3 {
		t.Errorf("overdue = %d, want 3 (Thu, Fri, Mon)", n)
	}
	if n := WorkingDaysBetween(cal, day("2026-01-14"), day("2026-01-14")); n != 0 {
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

func TestCaptureNeedsByAge(t *testing.T) {
	prints := [10]Fingerprint{}
	for i := range prints {
		prints[i].Ref = "p"
	}
	tests := []struct {
		age      int
		captures Captures
		ok       bool
	}{
		{3, Captures{}, true}, // under 6: nothing is collected
		{6, Captures{Photo: "f", Fingerprints: prints}, true},   // 6–13: no signature
		{6, Captures{Fingerprints: prints}, false},              // but a photo
		{13, Captures{Photo: "f"}, false},                       // and the prints
		{14, Captures{Photo: "f", Fingerprints: prints}, false}, // from 14 a signature too
		{14, Captures{Photo: "f", Fingerprints: prints, Signature: "s"}, true},
	}
	for _, tt := range tests {
		tt.captures.Needs = NeedsAt(tt.age)
		if err := tt.captures.Check(); (err == nil) != tt.ok {
			t.Errorf("age %d, %+v: %v, want ok=%v", tt.age, tt.captures, err, tt.ok)
		}
	}
}
