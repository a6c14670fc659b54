package api

import (
	"dancu/internal/wire"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestAsOfAnswersByValidTime protects ?as_of= on a record imported with an
// effective date before the day it was recorded: it answered 404 because
// it read recorded time. as_of is valid time; recorded_as_of is recorded
// time.
func TestAsOfAnswersByValidTime(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "042095000321", FullName: "Phan Thị Lan",
			BirthDate: pdate.Full(1995, 2, 3), Sex: registry.Female, Status: registry.Alive, Ethnicity: "01", Nationality: "VN",
			Permanent: registry.Residence{Commune: "18073", Province: "42"}}
		// Recorded 2026-01-05 (the test clock) by a batch in force from 2025-05-01.
		meta := registry.ChangeMeta{Actor: "import", Reason: "import batch 7", ValidFrom: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}
		if _, err := wire.Register(e.db).Create(bg, c, meta); err != nil {
			t.Fatal(err)
		}
		base := "/api/v1/citizens/" + c.ID
		w := e.do("GET", base+"?as_of=2025-06-01", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if got := decode[registry.Citizen](t, w); got.FullName != c.FullName {
			t.Errorf("as_of 2025-06-01: %+v", got)
		}
		if a := e.audit.last(); a.Action != actAsOf {
			t.Errorf("as-of read audited as %q", a.Action)
		}
		wantStatus(t, e.do("GET", base+"?as_of=2025-04-30", "xa.thanhsen", nil), 404)
		// What the register showed on 2025-06-01: nothing yet.
		wantStatus(t, e.do("GET", base+"?recorded_as_of=2025-06-01", "xa.thanhsen", nil), 404)
		wantStatus(t, e.do("GET", base+"?as_of=2025-06-01&recorded_as_of=2026-01-05", "xa.thanhsen", nil), 200)
		wantStatus(t, e.do("GET", base+"?as_of=2025-06-01&recorded_as_of=2026-01-04", "xa.thanhsen", nil), 404)
		w = e.do("GET", base+"?recorded_as_of=yesterday", "xa.thanhsen", nil)
		wantStatus(t, w, 400)
		if p := decode[Problem](t, w); len(p.Errors) != 1 || p.Errors[0].Field != "recorded_as_of" {
			t.Errorf("bad recorded_as_of: %+v", p)
		}
	})
}
