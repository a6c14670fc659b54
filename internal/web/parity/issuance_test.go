package parity_test

import (
	"dancu/internal/wire"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// station opens a station in commune unit through the API, as the province.
func (w *world) station(code, unit string) issuance.Station {
	w.t.Helper()
	rec := w.apiDo("POST", "/api/v1/stations", "tinh.hatinh", map[string]any{"code": code, "name": "Công an xã " + code, "unit": unit, "machines": 2})
	var st issuance.Station
	if rec.Code != http.StatusCreated || json.Unmarshal(rec.Body.Bytes(), &st) != nil {
		w.t.Fatalf("station %s: %d %s", code, rec.Code, rec.Body)
	}
	return st
}

// captures are complete capture references, as the API takes them.
func captures() map[string]any {
	fps := make([]map[string]string, 10)
	for i := range fps {
		fps[i] = map[string]string{"ref": "fp"}
	}
	return map[string]any{"photo": "p", "signature": "s", "fingerprints": fps}
}

// TestIssuanceRefusesCitizenOutsideJurisdiction: an officer may receive
// applications, book slots and give walk-in numbers at their own station
// only for citizens whose CURRENT permanent residence they cover, through
// both doors. The refusal names neither the person's ID number nor their
// status, and leaves nothing behind that would block the commune that
// keeps the record.
func TestIssuanceRefusesCitizenOutsideJurisdiction(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		home := w.station("HT-TS", "18073")
		other := w.station("HT-TP", "18100")
		minh := w.citizens["minh"] // Trần Phú
		// A dead person of Trần Phú: a walk-in must not reveal it.
		dead, err := wire.Register(w.db).Update(bg, w.citizens["lan"].ID, w.citizens["lan"].Version, func(c *registry.Citizen) error {
			c.Status = registry.Dead
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "trích lục khai tử"})
		if err != nil {
			t.Fatal(err)
		}
		secrets := []string{minh.IDNumber, dead.IDNumber, string(registry.Dead)}

		for _, tc := range []struct {
			door, what string
			send       func() (int, string)
		}{
			{"api", "POST /api/v1/applications", func() (int, string) {
				rec := w.apiDo("POST", "/api/v1/applications", "xa.thanhsen", map[string]any{"citizen_id": minh.ID, "station_id": home.ID,
					"type": "first_issuance", "captures": captures()})
				return rec.Code, rec.Body.String()
			}},
			{"api", "POST /api/v1/appointments", func() (int, string) {
				rec := w.apiDo("POST", "/api/v1/appointments", "xa.thanhsen", map[string]any{"station_id": home.ID, "citizen_id": minh.ID,
					"day": "2026-01-06", "slot_start": "08:00"})
				return rec.Code, rec.Body.String()
			}},
			{"api", "POST /api/v1/appointments/walk-in", func() (int, string) {
				rec := w.apiDo("POST", "/api/v1/appointments/walk-in", "xa.thanhsen", map[string]any{"station_id": home.ID, "citizen_id": minh.ID})
				return rec.Code, rec.Body.String()
			}},
			{"api", "POST /api/v1/appointments/walk-in (dead)", func() (int, string) {
				rec := w.apiDo("POST", "/api/v1/appointments/walk-in", "xa.thanhsen", map[string]any{"station_id": home.ID, "citizen_id": dead.ID})
				return rec.Code, rec.Body.String()
			}},
			{"ui", "POST /intake/new/{citizen}", func() (int, string) {
				rec := w.page("POST", "/intake/new/"+minh.ID, "xa.thanhsen", url.Values{"station": {home.ID}, "type": {"first_issuance"}})
				return rec.Code, rec.Body.String()
			}},
			{"ui", "POST /citizens/{id}/book", func() (int, string) {
				rec := w.page("POST", "/citizens/"+minh.ID+"/book", "xa.thanhsen", url.Values{"station": {home.ID}, "day": {"2026-01-06"}, "slot": {"08:00"}})
				return rec.Code, rec.Body.String()
			}},
			{"ui", "POST /intake/walk-in", func() (int, string) {
				rec := w.page("POST", "/intake/walk-in", "xa.thanhsen", url.Values{"station": {home.ID}, "citizen": {minh.ID}})
				return rec.Code, rec.Body.String()
			}},
			{"ui", "POST /intake/walk-in (dead)", func() (int, string) {
				rec := w.page("POST", "/intake/walk-in", "xa.thanhsen", url.Values{"station": {home.ID}, "citizen": {dead.ID}})
				return rec.Code, rec.Body.String()
			}},
		} {
			code, body := tc.send()
			if code != http.StatusForbidden {
				t.Errorf("%s (%s) for a citizen of another commune: %d, want 403", tc.what, tc.door, code)
			}
			for _, s := range secrets {
				if strings.Contains(body, s) {
					t.Errorf("%s (%s): the refusal discloses %q", tc.what, tc.door, s)
				}
			}
		}

		// Nothing was filed: Trần Phú receives its own citizen at its own
		// station, without a conflict from a stray application.
		rec := w.apiDo("POST", "/api/v1/applications", "xa.tranphu", map[string]any{"citizen_id": minh.ID, "station_id": other.ID,
			"type": "first_issuance", "captures": captures()})
		if rec.Code != http.StatusOK {
			t.Errorf("the citizen's own commune applies after the refusals: %d %s", rec.Code, rec.Body)
		}
		rec = w.apiDo("POST", "/api/v1/appointments", "xa.tranphu", map[string]any{"station_id": other.ID, "citizen_id": minh.ID,
			"day": "2026-01-06", "slot_start": "08:00"})
		if rec.Code != http.StatusOK {
			t.Errorf("the citizen's own commune books after the refusals: %d %s", rec.Code, rec.Body)
		}
		// The officer still serves their own citizens through both doors.
		hung, hoa := w.citizens["hung"], w.citizens["hoa"]
		if rec := w.apiDo("POST", "/api/v1/appointments/walk-in", "xa.thanhsen", map[string]any{"station_id": home.ID, "citizen_id": hung.ID}); rec.Code != http.StatusOK {
			t.Errorf("API walk-in of an own citizen: %d %s", rec.Code, rec.Body)
		}
		if rec := w.page("POST", "/intake/walk-in", "xa.thanhsen", url.Values{"station": {home.ID}, "citizen": {hoa.ID}}); rec.Code != http.StatusSeeOther {
			t.Errorf("web walk-in of an own citizen: %d", rec.Code)
		}
	})
}
