package issuance

import (
	"time"
)

// AppointmentKind says how a citizen came to be expected at a station.
type AppointmentKind string

const (
	Booked  AppointmentKind = "booked"  // the citizen chose the slot
	Invited AppointmentKind = "invited" // mời từng người: the station chose it
	WalkIn  AppointmentKind = "walk_in" // came without an appointment
)

// AppointmentState is where an appointment stands. Only an active one
// counts against a slot's capacity and the one-per-day rule.
type AppointmentState string

const (
	AppointmentActive    AppointmentState = "active"
	AppointmentServed    AppointmentState = "served" // an application was received
	AppointmentNoShow    AppointmentState = "no_show"
	AppointmentCancelled AppointmentState = "cancelled"
)

// Appointment is one citizen expected at one station on one day.
//
// Queue numbers are unique per station and day and increase in booking
// order (walk-ins and invitations included), not in slot order: a number
// is final when it is given, so a later booking into an earlier slot
// never renumbers anyone.
type Appointment struct {
	ID        string           `json:"id"`
	StationID string           `json:"station_id"`
	CitizenID string           `json:"citizen_id"`
	Day       time.Time        `json:"day"`
	SlotStart Clock            `json:"slot_start"`
	Kind      AppointmentKind  `json:"kind"`
	State     AppointmentState `json:"state"`
	Queue     int              `json:"queue_number"`
	CreatedAt time.Time        `json:"created_at"`
	UpdatedAt time.Time        `json:"updated_at"`
}

// Booking asks the store to add an appointment. Capacity is the slot's
// capacity, enforced by the store in the same transaction that counts
// the slot's active appointments; 0 means unlimited (walk-ins).
type Booking struct {
	Appointment Appointment
	Capacity    int
}

// SlotView is one slot of a station's day as the station sees it.
type SlotView struct {
	Slot
	Expected int `json:"expected"` // active + served + no-show booked/invited
	Served   int `json:"served"`
	NoShow   int `json:"no_show"`
	WalkIns  int `json:"walk_ins"`
	Free     int `json:"free"`
}

// DayView tallies a station's appointments of one day per slot.
func DayView(s Station, day time.Time, appts []Appointment) []SlotView {
	slots := Slots(s, day)
	out := make([]SlotView, len(slots))
	index := map[Clock]int{}
	for i, sl := range slots {
		out[i] = SlotView{Slot: sl}
		index[sl.Start] = i
	}
	for _, a := range appts {
		i, ok := index[a.SlotStart]
		if !ok || a.State == AppointmentCancelled {
			continue
		}
		v := &out[i]
		if a.Kind == WalkIn {
			v.WalkIns++
		} else {
			v.Expected++
		}
		switch a.State {
		case AppointmentServed:
			v.Served++
		case AppointmentNoShow:
			v.NoShow++
		}
	}
	for i := range out {
		out[i].Free = max(out[i].Capacity-out[i].Expected, 0)
	}
	return out
}
