package selfservice

import (
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

func TestResidenceHistory(t *testing.T) {
	home := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	moved := registry.Residence{Commune: "18100", Province: "42", Address: "Số 5"}
	stay := registry.Residence{Commune: "00004", Province: "01", Address: "Hàng Bông", Until: pdate.Full(2027, 6, 1)}
	at := func(d int) time.Time { return time.Date(2026, 1, d, 0, 0, 0, 0, time.UTC) }
	vs := []registry.Version{
		{Number: 1, RecordedAt: at(1), Reason: "DC01", Data: registry.Citizen{Permanent: home}},
		{Number: 2, RecordedAt: at(2), Reason: "procedure residence.temporary, dossier d1", Data: registry.Citizen{Permanent: home, Temporary: stay}},
		{Number: 3, RecordedAt: at(3), Reason: "phone", Data: registry.Citizen{Permanent: home, Temporary: stay, Phone: "0912345678"}},
		{Number: 4, RecordedAt: at(4), Reason: "procedure residence.permanent, dossier d2", Data: registry.Citizen{Permanent: moved, Temporary: stay}},
	}
	day := pdate.Full(2026, 3, 1)
	got := ResidenceHistory(vs[3].Data, vs, day)
	want := []struct {
		kind, reason string
		current      bool
	}{
		{"permanent", "procedure residence.permanent, dossier d2", true},
		{"temporary", "procedure residence.temporary, dossier d1", true},
		{"permanent", "DC01", false},
	}
	if len(got) != len(want) {
		t.Fatalf("%d steps, want %d: %+v", len(got), len(want), got)
	}
	for i, w := range want {
		if got[i].Kind != w.kind || got[i].Reason != w.reason || got[i].Current != w.current {
			t.Errorf("step %d: %s %q current=%v, want %s %q current=%v", i, got[i].Kind, got[i].Reason, got[i].Current, w.kind, w.reason, w.current)
		}
	}
	// A deleted registration stays in the history but is not current.
	gone := moved
	gone.DeletedOn, gone.DeletedFor = pdate.Full(2026, 2, 1), "death"
	vs = append(vs, registry.Version{Number: 5, RecordedAt: at(5), Reason: "khai tử", Data: registry.Citizen{Permanent: gone}})
	for _, st := range ResidenceHistory(vs[4].Data, vs, day) {
		if st.Current && st.Kind == "permanent" {
			t.Errorf("a deleted permanent registration is shown as current: %+v", st)
		}
	}
}

// TestResidenceHistoryAcrossExpiry: the newest tạm trú is current through
// the last day of its term and past (expired) from the next day on.
func TestResidenceHistoryAcrossExpiry(t *testing.T) {
	home := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}
	stay := registry.Residence{Commune: "00004", Province: "01", Address: "Hàng Bông", Until: pdate.Full(2027, 6, 1)}
	cur := registry.Citizen{Permanent: home, Temporary: stay}
	vs := []registry.Version{{Number: 1, Reason: "DC01", Data: registry.Citizen{Permanent: home}},
		{Number: 2, Reason: "procedure residence.temporary, dossier d1", Data: cur}}
	for _, tc := range []struct {
		day              pdate.Date
		current, expired bool
	}{
		{pdate.Full(2027, 5, 31), true, false},
		{pdate.Full(2027, 6, 1), true, false},
		{pdate.Full(2027, 6, 2), false, true},
		{pdate.Full(2028, 1, 1), false, true},
	} {
		var tmp *ResidenceStep
		steps := ResidenceHistory(cur, vs, tc.day)
		for i := range steps {
			if steps[i].Kind == "temporary" {
				tmp = &steps[i]
			}
			if steps[i].Kind == "permanent" && !steps[i].Current {
				t.Errorf("%s: the permanent registration is not current", tc.day)
			}
		}
		if tmp == nil {
			t.Fatalf("%s: no tạm trú step in %+v", tc.day, steps)
		}
		if tmp.Current != tc.current || tmp.Expired != tc.expired {
			t.Errorf("%s: tạm trú current=%v expired=%v, want %v %v", tc.day, tmp.Current, tmp.Expired, tc.current, tc.expired)
		}
	}
}
