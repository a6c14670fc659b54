package issuance

import (
	"time"

	"dancu/internal/apperr"
)

// Quota is a campaign target for a unit (province or commune) over a
// period, counted in applications received.
type Quota struct {
	Unit   string    `json:"unit"`
	From   time.Time `json:"from"`
	To     time.Time `json:"to"`
	Target int64     `json:"target"`
}

// Validate checks a quota's own fields.
func (q Quota) Validate() error {
	if q.Target <= 0 {
		return apperr.WithFields("invalid quota", apperr.FieldError{Field: "target", Reason: "must be positive"})
	}
	if q.From.IsZero() || q.To.Before(q.From) {
		return apperr.WithFields("invalid quota", apperr.FieldError{Field: "to", Reason: "the period must end on or after its start"})
	}
	return nil
}

// Counts are the workflow events of a unit over a period.
type Counts struct {
	Received   int64 `json:"received"`
	Produced   int64 `json:"produced"`
	HandedOver int64 `json:"handed_over"`
}

// Sub returns c − o, for day-over-day changes.
func (c Counts) Sub(o Counts) Counts {
	return Counts{c.Received - o.Received, c.Produced - o.Produced, c.HandedOver - o.HandedOver}
}

// Progress is a unit's standing on a day. Units roll up: a province
// counts the events of its own stations and of all its communes'.
type Progress struct {
	Unit string    `json:"unit"`
	Day  time.Time `json:"day"`
	// Quota is the quota in force on Day, if any; Total counts from its
	// start (or from the beginning) up to and including Day.
	Quota    *Quota `json:"quota,omitempty"`
	Total    Counts `json:"total"`
	Today    Counts `json:"today"`
	Previous Counts `json:"previous_day"`
	Change   Counts `json:"change"`
	// Eligible counts residents who must hold a card: alive, aged 14 or
	// more on Day, permanent residence in the unit. Covered counts those
	// of them with a valid card or an application under way.
	Eligible int64 `json:"eligible"`
	Covered  int64 `json:"covered"`
}

// PercentOfTarget is received / target × 100, or 0 without a quota.
func (p Progress) PercentOfTarget() float64 {
	if p.Quota == nil || p.Quota.Target == 0 {
		return 0
	}
	return 100 * float64(p.Total.Received) / float64(p.Quota.Target)
}

// PercentCovered is covered / eligible × 100.
func (p Progress) PercentCovered() float64 {
	if p.Eligible == 0 {
		return 0
	}
	return 100 * float64(p.Covered) / float64(p.Eligible)
}
