package issuance

import (
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := ParseDay(s)
	if err != nil {
		panic(err)
	}
	return t
}

func TestSlots(t *testing.T) {
	from, to := day("2026-01-05"), day("2026-01-09")
	tests := []struct {
		name       string
		st         Station
		day        string
		slots      int
		capacity   int // of the first slot
		firstStart Clock
	}{
		{"defaults: 8 morning + 7 afternoon slots of 6", Station{}.WithDefaults(), "2026-01-05", 15, 6, 7*60 + 30},
		{"3 machines, 4 minutes per intake", Station{Machines: 3, MinutesPerIntake: 4}.WithDefaults(), "2026-01-05", 15, 22, 7*60 + 30},
		{"Saturday closed", Station{}.WithDefaults(), "2026-01-10", 0, 0, 0},
		{"mobile team before its campaign", Station{Kind: Mobile, ActiveFrom: &from, ActiveTo: &to}.WithDefaults(), "2026-01-02", 0, 0, 0},
		{"mobile team on its last day", Station{Kind: Mobile, ActiveFrom: &from, ActiveTo: &to}.WithDefaults(), "2026-01-09", 15, 6, 7*60 + 30},
		{"uneven period ends in a short slot", Station{Hours: []TimeRange{{8 * 60, 8*60 + 45}}}.WithDefaults(), "2026-01-05", 2, 6, 8 * 60},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Slots(tt.st, day(tt.day))
			if len(got) != tt.slots {
				t.Fatalf("%d slots, want %d: %v", len(got), tt.slots, got)
			}
			if len(got) > 0 && (got[0].Capacity != tt.capacity || got[0].Start != tt.firstStart) {
				t.Errorf("first slot %+v, want start %s capacity %d", got[0], tt.firstStart, tt.capacity)
			}
		})
	}
	short := Slots(Station{Hours: []TimeRange{{8 * 60, 8*60 + 45}}}.WithDefaults(), day("2026-01-05"))
	if short[1].Capacity != 3 || short[1].End != 8*60+45 {
		t.Errorf("short slot = %+v, want capacity 3 ending 08:45", short[1])
	}
}

func TestStationValidate(t *testing.T) {
	ok := Station{Code: "HT-01", Name: "Công an xã Thạch Hà"}.WithDefaults()
	if err := ok.Validate(); err != nil {
		t.Errorf("valid station: %v", err)
	}
	for name, st := range map[string]Station{
		"no code":             {Name: "x"},
		"intake beyond slot":  {Code: "a", Name: "x", MinutesPerIntake: 45},
		"overlapping hours":   {Code: "a", Name: "x", Hours: []TimeRange{{480, 600}, {590, 700}}},
		"unknown kind":        {Code: "a", Name: "x", Kind: "boat"},
		"hours past midnight": {Code: "a", Name: "x", Hours: []TimeRange{{1400, 1500}}},
	} {
		if err := st.WithDefaults().Validate(); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestClockJSON(t *testing.T) {
	var c Clock
	if err := c.UnmarshalJSON([]byte(`"13:30"`)); err != nil || c != 13*60+30 {
		t.Fatalf("13:30 = %d, %v", c, err)
	}
	if b, _ := c.MarshalJSON(); string(b) != `"13:30"` {
		t.Errorf("marshal = %s", b)
	}
	for _, bad := range []string{`"25:00"`, `"7h30"`, `450`} {
		if err := c.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("%s accepted", bad)
		}
	}
}

func TestDayView(t *testing.T) {
	st := Station{}.WithDefaults()
	d := day("2026-01-05")
	appts := []Appointment{
		{SlotStart: 450, Kind: Booked, State: AppointmentActive},
		{SlotStart: 450, Kind: Invited, State: AppointmentServed},
		{SlotStart: 450, Kind: Booked, State: AppointmentNoShow},
		{SlotStart: 450, Kind: Booked, State: AppointmentCancelled},
		{SlotStart: 450, Kind: WalkIn, State: AppointmentServed},
	}
	v := DayView(st, d, appts)[0]
	if v.Expected != 3 || v.Served != 2 || v.NoShow != 1 || v.WalkIns != 1 || v.Free != 3 {
		t.Errorf("view = %+v", v)
	}
}
