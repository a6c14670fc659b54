package api

import (
	"fmt"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/issuance"
)

// addUser creates and logs in one more officer of the test env.
func (e *env) addUser(name string, role auth.Role, unit string) {
	if _, err := e.auth.CreateUser(bg, name, name, role, unit, testPassword); err != nil {
		e.t.Fatal(err)
	}
	token, _, err := e.auth.Login(bg, name, testPassword, "192.0.2.1")
	if err != nil {
		e.t.Fatal(err)
	}
	e.tokens[name] = token
}

// TestIssuanceAPI drives one card from booking to hand-over through the
// HTTP API, checking roles and the audit trail on the way.
func TestIssuanceAPI(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		e.addUser("bo.c06", auth.RoleMinistry, "")
		hung := e.citizens["hung"]

		w := e.do("POST", "/api/v1/stations", "xa.thanhsen", map[string]any{"code": "HT-TS", "name": "Công an xã Thành Sen", "unit": "18073"})
		wantStatus(t, w, 403)
		w = e.do("POST", "/api/v1/stations", "tinh.hatinh", map[string]any{"code": "HT-TS", "name": "Công an xã Thành Sen", "unit": "18073", "machines": 2})
		wantStatus(t, w, 201)
		st := decode[issuance.Station](t, w)

		w = e.do("GET", "/api/v1/stations/"+st.ID+"/slots?day=2026-01-06", "kiem.toan", nil)
		wantStatus(t, w, 200)
		if slots := decode[slotsResponse](t, w); len(slots.Slots) != 15 || slots.Slots[0].Capacity != 12 {
			t.Errorf("slots = %+v", slots)
		}
		w = e.do("POST", "/api/v1/appointments", "xa.thanhsen", map[string]any{"station_id": st.ID, "citizen_id": hung.ID, "day": "2026-01-06", "slot_start": "08:00"})
		wantStatus(t, w, 200)
		if a := decode[issuance.Appointment](t, w); a.Queue != 1 || e.audit.last().Action != actAppointment || e.audit.last().CitizenIDs[0] != hung.ID {
			t.Errorf("booking %+v, audit %+v", a, e.audit.last())
		}

		caps := map[string]any{"photo": "p", "signature": "s", "fingerprints": fingerprints()}
		w = e.do("POST", "/api/v1/applications", "xa.thanhsen", map[string]any{"citizen_id": hung.ID, "station_id": st.ID, "type": "first_issuance", "captures": caps})
		wantStatus(t, w, 200)
		app := decode[issuance.Application](t, w)

		steps := []struct {
			user string
			body map[string]any
		}{
			{"xa.thanhsen", map[string]any{"to": "verified"}},
			{"tinh.hatinh", map[string]any{"to": "approved"}},
			{"bo.c06", map[string]any{"to": "in_production"}},
			{"bo.c06", map[string]any{"to": "produced", "card": map[string]any{"issue_date": "2026-01-09", "expiry_date": "2030-05-15"}}},
			{"tinh.hatinh", map[string]any{"to": "delivered"}},
			{"xa.thanhsen", map[string]any{"to": "handed_over", "citizen_confirmed": true}},
		}
		for i, s := range steps {
			s.body["version"] = i + 1
			if i == 0 {
				// The auditor may read but never move an application.
				wantStatus(t, e.do("POST", "/api/v1/applications/"+app.ID+"/transitions", "kiem.toan", s.body), 403)
				wantStatus(t, e.do("POST", "/api/v1/applications/"+app.ID+"/transitions", "xa.thanhsen", map[string]any{"to": "produced", "version": 1}), 409)
			}
			w = e.do("POST", "/api/v1/applications/"+app.ID+"/transitions", s.user, s.body)
			wantStatus(t, w, 200)
		}
		w = e.do("GET", "/api/v1/applications/"+app.ID, "kiem.toan", nil)
		wantStatus(t, w, 200)
		if d := decode[applicationResponse](t, w); d.State != issuance.HandedOver || len(d.Transitions) != 7 || len(d.Next) != 0 {
			t.Errorf("detail = %+v", d)
		}
		w = e.do("GET", "/api/v1/cards/"+hung.IDNumber+"/status", "kiem.toan", nil)
		wantStatus(t, w, 200)
		if s := decode[cardStatusResponse](t, w); s.Status != issuance.Valid {
			t.Errorf("status = %+v", s)
		}
		wantStatus(t, e.do("POST", "/api/v1/cards/"+hung.IDNumber+"/revoke", "xa.thanhsen", map[string]any{"reason": "stolen"}), 200)
		if s := decode[cardStatusResponse](t, e.do("GET", "/api/v1/cards/"+hung.IDNumber+"/status", "xa.thanhsen", nil)); s.Status != issuance.Revoked {
			t.Errorf("after revocation = %+v", s)
		}

		wantStatus(t, e.do("POST", "/api/v1/quotas", "tinh.hatinh", map[string]any{"unit": "42", "from": "2026-01-01", "to": "2026-12-31", "target": 4}), 200)
		w = e.do("GET", "/api/v1/progress?unit=42&day=2026-01-05", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if p := decode[progressResponse](t, w); p.Total.Received != 1 || p.Total.HandedOver != 1 || p.PercentOfTarget != 25 || p.Eligible != 3 {
			t.Errorf("progress = %+v", p)
		}
		wantStatus(t, e.do("GET", "/api/v1/progress?unit=01", "tinh.hatinh", nil), 403)
		w = e.do("GET", "/api/v1/applications?state=handed_over", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if l := decode[itemsOf[issuance.Application]](t, w); len(l.Items) != 1 {
			t.Errorf("list = %+v", l)
		}
		w = e.do("GET", "/api/v1/applications?late=2026-02-01", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if l := decode[itemsOf[issuance.Late]](t, w); len(l.Items) != 0 {
			t.Errorf("late = %+v", l)
		}
	})
}

func fingerprints() []map[string]string {
	out := make([]map[string]string, 10)
	for i := range out {
		out[i] = map[string]string{"ref": fmt.Sprintf("f%d", i)}
	}
	return out
}
