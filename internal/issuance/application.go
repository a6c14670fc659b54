package issuance

import (
	"time"
)

// Type is the procedure an application follows.
type Type string

const (
	FirstIssuance Type = "first_issuance" // cấp: first card
	Exchange      Type = "exchange"       // cấp đổi
	Reissue       Type = "reissue"        // cấp lại
	Conversion    Type = "conversion"     // from a CMND (or a CCCD of the 2014 law)
)

// Reason is the legal ground of an exchange or a re-issue (Luật Căn cước
// 2023 Điều 24).
type Reason string

const (
	AgeMilestone        Reason = "age_milestone"
	InfoChanged         Reason = "info_changed"
	Damaged             Reason = "damaged"
	NumberReissued      Reason = "id_number_reestablished"
	UnitReorganised     Reason = "unit_reorganisation"
	OnRequest           Reason = "on_request"
	Lost                Reason = "lost"
	RegainedNationality Reason = "regained_nationality"
)

// reasonsOf lists the reasons each type accepts; first issuance and
// conversion take none.
var reasonsOf = map[Type][]Reason{
	FirstIssuance: nil,
	Conversion:    nil,
	Exchange:      {AgeMilestone, InfoChanged, Damaged, NumberReissued, UnitReorganised, OnRequest},
	Reissue:       {Lost, RegainedNationality},
}

// Application is one request for a card, received at a station.
type Application struct {
	ID        string `json:"id"`
	CitizenID string `json:"citizen_id"`
	IDNumber  string `json:"id_number"`
	Type      Type   `json:"type"`
	Reason    Reason `json:"reason,omitempty"`
	StationID string `json:"station_id"`
	// Unit and Province are the station's, kept on the application so that
	// jurisdiction checks and counts need no join.
	Unit         string    `json:"unit"`
	Province     string    `json:"province"`
	State        State     `json:"state"`
	ReceivedAt   time.Time `json:"received_at"`
	PromisedDate time.Time `json:"promised_date"`
	Fee          int64     `json:"fee"` // VND
	Captures     Captures  `json:"captures"`
	Version      int       `json:"version"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ProcessingDays is the legal deadline for every procedure under the 2023
// law (Điều 26: cấp, cấp đổi, cấp lại within 7 working days).
const ProcessingDays = 7

// DueDater adds working days in a holiday-aware calendar; internal/card
// provides the real one. Weekdays is a fallback without holidays.
type DueDater interface {
	AddWorkingDays(from time.Time, n int) time.Time
}

// FeeFunc is the fee in VND of a procedure on a day.
type FeeFunc func(t Type, r Reason, day time.Time) int64

// Weekdays is a DueDater that knows weekends but no public holidays.
type Weekdays struct{}

// AddWorkingDays moves n working days forward from the day of from.
func (Weekdays) AddWorkingDays(from time.Time, n int) time.Time {
	d := Day(from)
	for n > 0 {
		d = d.AddDate(0, 0, 1)
		if !isWeekend(d) {
			n--
		}
	}
	return d
}

// WorkingDaysBetween counts the working days after from up to and
// including to, by stepping the calendar; 0 when to is not after from.
func WorkingDaysBetween(cal DueDater, from, to time.Time) int {
	n := 0
	// 3,650 working days is a decade: a bound, not a limit anyone meets.
	for n < 3650 && !cal.AddWorkingDays(from, n+1).After(to) {
		n++
	}
	return n
}
