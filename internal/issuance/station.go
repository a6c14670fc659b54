package issuance

import (
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// StationKind tells a permanent office from a mobile team that visits an
// area for a campaign.
type StationKind string

const (
	Fixed  StationKind = "fixed"
	Mobile StationKind = "mobile"
)

// Station is a place where applications are received: commune police
// offices, provincial offices and mobile teams.
type Station struct {
	ID   string      `json:"id"`
	Code string      `json:"code"`
	Name string      `json:"name"`
	Kind StationKind `json:"kind"`
	// Unit is a commune code of the 2025-07-01 list, or a province code
	// for a province-level station; Province is its province, derived
	// from the units catalog so that counts roll up without a join.
	Unit     string `json:"unit"`
	Province string `json:"province"`
	Address  string `json:"address,omitempty"`
	Machines int    `json:"machines"`
	// MinutesPerIntake is how long one capture (photo, fingerprints,
	// signature) takes on one machine.
	MinutesPerIntake int         `json:"minutes_per_intake"`
	SlotMinutes      int         `json:"slot_minutes"`
	Hours            []TimeRange `json:"hours"`
	// ActiveFrom and ActiveTo bound a mobile team's campaign; nil means
	// open-ended.
	ActiveFrom *time.Time `json:"active_from,omitempty"`
	ActiveTo   *time.Time `json:"active_to,omitempty"`
}

// Defaults of a new station: the usual office hours of commune police.
const (
	DefaultMinutesPerIntake = 5
	DefaultSlotMinutes      = 30
)

// DefaultHours are 07:30–11:30 and 13:30–17:00.
func DefaultHours() []TimeRange {
	return []TimeRange{{From: 7*60 + 30, To: 11*60 + 30}, {From: 13*60 + 30, To: 17 * 60}}
}

// WithDefaults fills the fields a request may leave out.
func (s Station) WithDefaults() Station {
	if s.Kind == "" {
		s.Kind = Fixed
	}
	if s.MinutesPerIntake == 0 {
		s.MinutesPerIntake = DefaultMinutesPerIntake
	}
	if s.SlotMinutes == 0 {
		s.SlotMinutes = DefaultSlotMinutes
	}
	if len(s.Hours) == 0 {
		s.Hours = DefaultHours()
	}
	if s.Machines == 0 {
		s.Machines = 1
	}
	return s
}

// Validate checks a station after WithDefaults; the unit is checked
// against the catalog by the Service.
func (s Station) Validate() error {
	var fields []apperr.FieldError
	add := func(field, reason string) { fields = append(fields, apperr.FieldError{Field: field, Reason: reason}) }
	if strings.TrimSpace(s.Code) == "" {
		add("code", "required")
	}
	if strings.TrimSpace(s.Name) == "" {
		add("name", "required")
	}
	if s.Kind != Fixed && s.Kind != Mobile {
		add("kind", "must be fixed or mobile")
	}
	if s.Machines < 1 || s.MinutesPerIntake < 1 || s.SlotMinutes < s.MinutesPerIntake {
		add("machines", "machines ≥ 1 and minutes_per_intake ≤ slot_minutes are required")
	}
	for i, h := range s.Hours {
		if h.From < 0 || h.To > 24*60 || h.From >= h.To || (i > 0 && h.From < s.Hours[i-1].To) {
			add(fmt.Sprintf("hours[%d]", i), "ranges must be ordered, non-empty and within the day")
		}
	}
	if s.ActiveFrom != nil && s.ActiveTo != nil && s.ActiveTo.Before(*s.ActiveFrom) {
		add("active_to", "before active_from")
	}
	if len(fields) > 0 {
		return apperr.WithFields("invalid station", fields...)
	}
	return nil
}

// OpenOn reports whether the station receives citizens on day: a working
// day within its active period.
func (s Station) OpenOn(day time.Time) bool {
	if isWeekend(day) {
		return false
	}
	if s.ActiveFrom != nil && day.Before(*s.ActiveFrom) {
		return false
	}
	return s.ActiveTo == nil || !day.After(*s.ActiveTo)
}
