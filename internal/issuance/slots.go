package issuance

import (
	"encoding/json"
	"fmt"
	"time"
)

// Clock is a time of day in minutes after midnight.
type Clock int

func (c Clock) String() string { return fmt.Sprintf("%02d:%02d", c/60, c%60) }

// MarshalJSON writes "HH:MM".
func (c Clock) MarshalJSON() ([]byte, error) { return json.Marshal(c.String()) }

// UnmarshalJSON reads "HH:MM".
func (c *Clock) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	var h, m int
	if n, err := fmt.Sscanf(s, "%d:%d", &h, &m); err != nil || n != 2 || h < 0 || h > 24 || m < 0 || m > 59 {
		return fmt.Errorf("time of day %q: use HH:MM", s)
	}
	*c = Clock(h*60 + m)
	return nil
}

// TimeRange is an opening period of a day, From inclusive, To exclusive.
type TimeRange struct {
	From Clock `json:"from"`
	To   Clock `json:"to"`
}

// Slot is a bookable period of one station's day.
type Slot struct {
	Start    Clock `json:"start"`
	End      Clock `json:"end"`
	Capacity int   `json:"capacity"`
}

// SlotCapacity is how many citizens one slot receives: each machine takes
// one intake every MinutesPerIntake minutes.
func (s Station) SlotCapacity() int {
	return s.Machines * s.SlotMinutes / s.MinutesPerIntake
}

// Slots lists the bookable slots of a station on day; none on a closed
// day. A period that does not divide into whole slots ends with a shorter
// slot whose capacity shrinks in proportion (07:30–11:30 in 30-minute
// slots is 8 slots; 13:30–17:00 is 7).
func Slots(s Station, day time.Time) []Slot {
	if !s.OpenOn(day) {
		return nil
	}
	var out []Slot
	for _, h := range s.Hours {
		for start := h.From; start < h.To; start += Clock(s.SlotMinutes) {
			end := min(start+Clock(s.SlotMinutes), h.To)
			capacity := s.Machines * int(end-start) / s.MinutesPerIntake
			if capacity > 0 {
				out = append(out, Slot{Start: start, End: end, Capacity: capacity})
			}
		}
	}
	return out
}

// SlotAt returns the slot of day that starts at start.
func SlotAt(s Station, day time.Time, start Clock) (Slot, bool) {
	for _, sl := range Slots(s, day) {
		if sl.Start == start {
			return sl, true
		}
	}
	return Slot{}, false
}

// slotContaining returns the start of the slot a walk-in arriving at c is
// counted in: the slot containing c, else the nearest one.
func slotContaining(slots []Slot, c Clock) Clock {
	if len(slots) == 0 {
		return c
	}
	best := slots[0].Start
	for _, sl := range slots {
		if sl.Start <= c {
			best = sl.Start
		}
	}
	return best
}
