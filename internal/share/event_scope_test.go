package share

import (
	"maps"
	"slices"
	"testing"
)

// TestEventCutToFieldScope: each key of an event's data reaches an agency
// only with its catalogue field in scope, an unknown key never, and no
// event at all without id_number in scope.
func TestEventCutToFieldScope(t *testing.T) {
	ev := Event{Seq: 7, ID: "e", Type: EventResidenceChanged, CitizenID: "c-1",
		Data: map[string]string{"id_number": "042090000123", "commune": "18100", "province": "42", "future_key": "x"}}
	for _, tc := range []struct {
		scope []string
		want  map[string]string // nil: not delivered
	}{
		{[]string{"sex"}, nil},
		{[]string{"permanent"}, nil},
		{[]string{"id_number"}, map[string]string{"id_number": "042090000123"}},
		{[]string{"id_number", "permanent"}, map[string]string{"id_number": "042090000123", "commune": "18100", "province": "42"}},
		{Fields(), map[string]string{"id_number": "042090000123", "commune": "18100", "province": "42"}},
	} {
		got, ok := ev.ForAgency(tc.scope)
		if ok != (tc.want != nil) || ok && !maps.Equal(got.Data, tc.want) {
			t.Errorf("scope %v: %v %v, want %v", tc.scope, ok, got.Data, tc.want)
		}
	}
	if len(ev.Data) != 4 {
		t.Errorf("ForAgency changed the stored event: %v", ev.Data)
	}
	death := Event{Type: EventDeath, CitizenID: "c-2", Data: map[string]string{"id_number": "1", "death_date": "2026-01-04"}}
	revoked := Event{Type: EventCardRevoked, CitizenID: "c-2", Data: map[string]string{"id_number": "1", "reason": "lost"}}
	scoped := []Event{}
	for _, e := range []Event{ev, death, revoked} {
		s, _ := e.ForAgency([]string{"id_number", "death_date"})
		scoped = append(scoped, s)
	}
	if scoped[2].Data["reason"] != "lost" {
		t.Errorf("the revocation's reason belongs to the event: %v", scoped[2].Data)
	}
	ids, fields := Disclosed(scoped)
	if !slices.Equal(ids, []string{"c-1", "c-2"}) || !slices.Equal(fields, []string{"death_date", "id_number"}) {
		t.Errorf("Disclosed = %v %v", ids, fields)
	}
}

// TestAgencyEventsNeedIDNumberScope: an agency registered for events
// without id_number in its scope could receive nothing; it is refused at
// registration with the reason.
func TestAgencyEventsNeedIDNumberScope(t *testing.T) {
	a := Agency{ID: "bhxh", Name: "BHXH", LegalBasis: "Luật BHXH", Purposes: []Purpose{{Name: "benefits"}}, Fields: []string{"sex"},
		Events: []EventType{EventDeath}, RatePerSec: 1, Burst: 1, Status: Active}
	if err := a.Validate(); !hasField(err, "events") {
		t.Errorf("events without id_number in scope: %v", err)
	}
	a.Fields = append(a.Fields, "id_number")
	if err := a.Validate(); err != nil {
		t.Errorf("with id_number: %v", err)
	}
}
