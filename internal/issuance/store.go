package issuance

import (
	"context"
	"time"

	"dancu/internal/registry"
)

// Store is what issuance needs from storage. Implementations return
// *apperr.Error values (NotFound, Conflict) for expected failures, and
// make each method one transaction.
type Store interface {
	CreateStation(ctx context.Context, s Station) error
	Station(ctx context.Context, id string) (Station, error)
	// Stations lists the stations of a unit: a commune's own, or a
	// province's own and its communes'; "" lists all.
	Stations(ctx context.Context, unit string) ([]Station, error)

	// Book adds an appointment with the next queue number of its station
	// and day. It refuses with Conflict a full slot (Capacity > 0) and a
	// citizen who already holds an active appointment that day; both
	// checks and the insert are atomic under concurrent bookings.
	Book(ctx context.Context, b Booking) (Appointment, error)
	Appointment(ctx context.Context, id string) (Appointment, error)
	// EndAppointment moves an active appointment to state; Conflict if it
	// is no longer active.
	EndAppointment(ctx context.Context, id string, state AppointmentState, at time.Time) (Appointment, error)
	Appointments(ctx context.Context, stationID string, day time.Time) ([]Appointment, error)
	// Uninvited lists up to limit residents of a commune who must hold a
	// card on day (alive, born on or before bornBy, permanent residence
	// there) but have no valid card, no application under way and no
	// active appointment from day on; ordered by name.
	Uninvited(ctx context.Context, commune string, day, bornBy time.Time, limit int) ([]Resident, error)

	// CreateApplication stores a new application with its first
	// transition, and marks the citizen's active appointment at that
	// station on that day served.
	CreateApplication(ctx context.Context, a Application, first Transition) error
	Application(ctx context.Context, id string) (Application, error)
	Applications(ctx context.Context, f Filter) ([]Application, error)
	// ApplyTransition performs one checked move atomically: the state
	// change guarded by version, the transition row and its card effects.
	ApplyTransition(ctx context.Context, c Change) (Application, error)
	Transitions(ctx context.Context, applicationID string) ([]Transition, error)

	// CardsByNumber lists the cards bearing a number, newest first.
	CardsByNumber(ctx context.Context, number string) ([]Card, error)
	Cards(ctx context.Context, state CardState, limit int) ([]Card, error)
	// RevokeCard revokes the active card bearing number.
	RevokeCard(ctx context.Context, number, reason string, at time.Time) (Card, error)

	SetQuota(ctx context.Context, q Quota) error
	// QuotaOn returns the unit's quota whose period contains day, or nil.
	QuotaOn(ctx context.Context, unit string, day time.Time) (*Quota, error)
	// CountEvents counts receptions, productions and hand-overs at the
	// unit's stations (rolled up for a province) from from to to inclusive.
	CountEvents(ctx context.Context, unit string, from, to time.Time) (Counts, error)
	// Population counts the unit's residents who must hold a card on day
	// and, of them, those with a valid card or an application under way.
	Population(ctx context.Context, unit string, day, bornBy time.Time) (eligible, covered int64, err error)
	// PopulationByUnit is Population of every commune of province (or of
	// every province for "") in one grouped pass: [eligible, covered].
	PopulationByUnit(ctx context.Context, province string, day, bornBy time.Time) (map[string][2]int64, error)
}

// Resident is a citizen invited for a card.
type Resident struct {
	CitizenID string `json:"citizen_id"`
	IDNumber  string `json:"id_number,omitempty"`
	FullName  string `json:"full_name"`
	BirthDate string `json:"birth_date"`
}

// Filter selects applications. Scope is a unit whose stations' (and
// communes' stations') applications are listed; "" is everywhere.
type Filter struct {
	Scope     string
	State     State
	StationID string
	// LateOn lists applications whose promised date is before that day and
	// that are not handed over, rejected or cancelled.
	LateOn *time.Time
	Limit  int
	// After starts the list after this position (keyset paging; see
	// ApplicationsPage); zero starts at the beginning.
	After Position
}

// Change is one transition as the store applies it.
type Change struct {
	Transition Transition
	// Version is the version the move was checked against; the store
	// refuses the change if the application moved on since.
	Version int
	// NewCard is inserted in state produced.
	NewCard *Card
	// Activate makes the application's card active and revokes the
	// holder's previous active card with reason "replaced".
	Activate bool
}

// Citizens reads the register; registry.Store satisfies it.
type Citizens interface {
	Citizen(ctx context.Context, id string) (registry.Citizen, error)
}
