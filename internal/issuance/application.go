package issuance

import (
	"time"

	"dancu/internal/apperr"
	"dancu/internal/card"
	"dancu/internal/pdate"
)

// Type and Reason are the card package's procedure kinds and legal
// grounds (Luật Căn cước 2023 Điều 23–24): issuance speaks the same
// vocabulary as the fee and validity rules it applies.
type (
	Type   = card.ApplicationKind
	Reason = card.Reason
)

const (
	FirstIssuance = card.FirstIssuance // cấp: first card
	Exchange      = card.Exchange      // cấp đổi
	Reissue       = card.Reissue       // cấp lại
	Conversion    = card.Conversion    // from a CMND (or a CCCD of the 2014 law)

	AgeMilestone        = card.ReasonAgeMilestone
	InfoChanged         = card.ReasonInfoChanged
	Damaged             = card.ReasonDamaged
	NumberReissued      = card.ReasonIDReestablished
	UnitReorganised     = card.ReasonUnitReorganisation
	OnRequest           = card.ReasonOnRequest
	Lost                = card.ReasonLost
	RegainedNationality = card.ReasonRegainedNationality
)

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
	Fee          int64     `json:"fee"`       // VND
	FeeBasis     string    `json:"fee_basis"` // the circular (or the rule that frees it)
	Captures     Captures  `json:"captures"`
	Version      int       `json:"version"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// ProcessingDays is the legal deadline for every procedure under the 2023
// law (Điều 26: cấp, cấp đổi, cấp lại within 7 working days).
const ProcessingDays = card.ProcessingWorkingDays

// FeeFunc is the fee of an application (default card.ApplicationFee, the
// schedule in force on the day received).
type FeeFunc func(card.Application) (card.Fee, error)

// promisedDate is the day the result is due: ProcessingDays working days
// after the day the file was received, in the holiday calendar.
func promisedDate(cal *card.Calendar, received time.Time) (time.Time, error) {
	d, err := cal.AddWorkingDays(pdate.FromTime(Day(received)), ProcessingDays)
	if err != nil {
		return time.Time{}, apperr.Wrap(err, "promised date")
	}
	return d.Earliest(), nil
}

// WorkingDaysBetween counts the working days after from up to and
// including to; 0 when to is not after from.
func WorkingDaysBetween(cal *card.Calendar, from, to time.Time) int {
	n, err := cal.WorkingDaysBetween(pdate.FromTime(Day(from)), pdate.FromTime(Day(to)))
	if err != nil {
		return 0 // both are whole days; an error cannot happen
	}
	return n
}
