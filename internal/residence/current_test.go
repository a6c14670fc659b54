package residence

import (
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestInForceAcrossTheExpiryDay: a tạm trú is current through the last
// day of its term and expired from the next; a registration without a
// term, a deleted one and an empty one follow their own rules.
func TestInForceAcrossTheExpiryDay(t *testing.T) {
	stay := registry.Residence{Commune: "00004", Province: "01", Address: "Hàng Bông",
		Since: pdate.Full(2026, 1, 10), Until: pdate.Full(2027, 1, 10)}
	deleted := stay
	deleted.DeletedOn, deleted.DeletedFor = pdate.Full(2026, 6, 1), GroundPermanentHere
	yearOnly := stay
	yearOnly.Until = pdate.Date{Year: 2027}
	home := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	for _, tc := range []struct {
		name             string
		r                registry.Residence
		day              pdate.Date
		inForce, expired bool
	}{
		{"the day before the term ends", stay, pdate.Full(2027, 1, 9), true, false},
		{"the term's last day", stay, pdate.Full(2027, 1, 10), true, false},
		{"the day after", stay, pdate.Full(2027, 1, 11), false, true},
		{"a year later", stay, pdate.Full(2028, 1, 10), false, true},
		{"before the term began", stay, pdate.Full(2026, 1, 1), true, false},
		{"a term known to its year, on its last day", yearOnly, pdate.Full(2027, 12, 31), true, false},
		{"a term known to its year, the next year", yearOnly, pdate.Full(2028, 1, 1), false, true},
		{"deleted before its term ended", deleted, pdate.Full(2026, 7, 1), false, false},
		{"deleted, after its term", deleted, pdate.Full(2027, 2, 1), false, false},
		{"permanent, no term", home, pdate.Full(2040, 1, 1), true, false},
		{"nothing registered", registry.Residence{}, pdate.Full(2027, 1, 11), false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := InForce(tc.r, tc.day); got != tc.inForce {
				t.Errorf("InForce on %s = %v, want %v", tc.day, got, tc.inForce)
			}
			if got := Expired(tc.r, tc.day); got != tc.expired {
				t.Errorf("Expired on %s = %v, want %v", tc.day, got, tc.expired)
			}
		})
	}
}

// TestHistoryDropsAnExpiredTerm: the history's current
// tạm trú is empty from the day after its term ends; the change that
// registered it stays.
func TestHistoryDropsAnExpiredTerm(t *testing.T) {
	home := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	stay := registry.Residence{Commune: "00004", Province: "01", Address: "Hàng Bông", Until: pdate.Full(2027, 1, 10)}
	vs := []registry.Version{{Number: 1, Data: registry.Citizen{ID: "c1", Permanent: home}},
		{Number: 2, Reason: "procedure residence.temporary, dossier d1", Data: registry.Citizen{ID: "c1", Permanent: home, Temporary: stay}}}
	for _, tc := range []struct {
		day  pdate.Date
		want registry.Residence
	}{
		{pdate.Full(2027, 1, 10), stay},
		{pdate.Full(2027, 1, 11), registry.Residence{}},
	} {
		h := HistoryOf(vs, tc.day)
		if h.Temporary != tc.want {
			t.Errorf("%s: current tạm trú %+v, want %+v", tc.day, h.Temporary, tc.want)
		}
		if h.Permanent != home || len(h.Changes) != 2 || h.Changes[0].Registration != Temporary {
			t.Errorf("%s: history %+v", tc.day, h)
		}
	}
}
