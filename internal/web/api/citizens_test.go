package api

import (
	"slices"
	"strings"
	"testing"

	"dancu/internal/registry"
)

func TestReadCitizen(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.citizens["hung"]
		w := e.do("GET", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if got := decode[registry.Citizen](t, w); got.IDNumber != "042090000123" || got.FullName != "Nguyễn Văn Hùng" {
			t.Errorf("got %+v", got)
		}
		if w.Header().Get("Cache-Control") != "no-store" {
			t.Error("personal data may be cached")
		}
		if a := e.audit.last(); a.Action != actRead || len(a.CitizenIDs) != 1 || a.CitizenIDs[0] != hung.ID || a.Username != "xa.thanhsen" {
			t.Errorf("audit entry %+v", a)
		}
		wantStatus(t, e.do("GET", "/api/v1/citizens/no-such-id", "xa.thanhsen", nil), 404)

		w = e.do("GET", "/api/v1/citizens/by-number/042090000123", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if got := decode[registry.Citizen](t, w); got.ID != hung.ID {
			t.Errorf("by number: %+v", got)
		}
		wantStatus(t, e.do("GET", "/api/v1/citizens/by-number/04209", "xa.thanhsen", nil), 400)
		wantStatus(t, e.do("GET", "/api/v1/citizens/by-number/042099999999", "xa.thanhsen", nil), 404)
	})
}

func TestLookup(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w := e.do("POST", "/api/v1/citizens/lookup", "xa.thanhsen", map[string]string{"id_number": "042090000123"})
		wantStatus(t, w, 200)
		if got := decode[registry.Citizen](t, w); got.ID != e.citizens["hung"].ID {
			t.Errorf("lookup: %+v", got)
		}
		w = e.do("POST", "/api/v1/citizens/lookup", "xa.thanhsen", map[string]string{"old_id_number": "183456789"})
		wantStatus(t, w, 200)
		if got := decode[citizenList](t, w); len(got.Items) != 1 || got.Items[0].ID != e.citizens["hung"].ID {
			t.Errorf("lookup old: %+v", got)
		}
		for _, body := range []map[string]string{{}, {"id_number": "042090000123", "old_id_number": "183456789"}, {"id_number": "12"}, {"old_id_number": "1234"}} {
			wantStatus(t, e.do("POST", "/api/v1/citizens/lookup", "xa.thanhsen", body), 400)
		}
		wantStatus(t, e.do("POST", "/api/v1/citizens/lookup", "xa.thanhsen", map[string]string{"old_id_number": "999999999"}), 404)
	})
}

func TestJurisdiction(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		other := e.citizens["hung2"] // Trần Phú, same province
		hanoi := e.citizens["an"]
		for _, tc := range []struct {
			user, method, path string
			body               any
			want               int
		}{
			{"xa.thanhsen", "GET", "/api/v1/citizens/" + other.ID, nil, 403},
			{"xa.thanhsen", "GET", "/api/v1/citizens/" + other.ID + "/history", nil, 403},
			{"xa.thanhsen", "GET", "/api/v1/citizens/" + other.ID + "?as_of=2026-01-05", nil, 403},
			{"xa.thanhsen", "GET", "/api/v1/citizens/by-number/042090000789", nil, 403},
			{"xa.thanhsen", "POST", "/api/v1/citizens/lookup", map[string]string{"id_number": "042090000789"}, 403},
			{"xa.thanhsen", "PATCH", "/api/v1/citizens/" + other.ID, map[string]any{"reason": "x", "version": 1, "changes": map[string]string{"phone": "0912345678"}}, 403},
			{"xa.thanhsen", "GET", "/api/v1/citizens?unit=18100", nil, 403},
			{"xa.thanhsen", "GET", "/api/v1/citizens?unit=42", nil, 403},
			{"xa.thanhsen", "GET", "/api/v1/households/HT-777/members", nil, 404},
			{"tinh.hatinh", "GET", "/api/v1/citizens/" + other.ID, nil, 200},
			{"tinh.hatinh", "GET", "/api/v1/citizens/" + hanoi.ID, nil, 403},
			{"tinh.hatinh", "GET", "/api/v1/citizens?unit=01", nil, 403},
			{"tinh.hatinh", "GET", "/api/v1/citizens?unit=18100", nil, 200},
			{"kiem.toan", "GET", "/api/v1/citizens/" + hanoi.ID, nil, 200},
			{"kiem.toan", "PATCH", "/api/v1/citizens/" + hanoi.ID, map[string]any{"reason": "x", "version": 1, "changes": map[string]string{"phone": "0912345678"}}, 403},
			{"quan.tri", "GET", "/api/v1/citizens/by-number/001085000111", nil, 200},
		} {
			if w := e.do(tc.method, tc.path, tc.user, tc.body); w.Code != tc.want {
				t.Errorf("%s %s %s: %d, want %d: %s", tc.user, tc.method, tc.path, w.Code, tc.want, w.Body)
			}
		}
		// The refusal says nothing about the record.
		w := e.do("GET", "/api/v1/citizens/"+other.ID, "xa.thanhsen", nil)
		if p := decode[Problem](t, w); p.Type != problemType+"forbidden" || containsAny(w.Body.String(), "Hưng", "042090000789") {
			t.Errorf("403 body: %s", w.Body)
		}
	})
}

func TestHistoryAndAsOf(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.citizens["hung"]
		w := e.do("GET", "/api/v1/citizens/"+hung.ID+"/history", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		if h := decode[historyResponse](t, w); len(h.Versions) != 1 || h.Versions[0].Reason != "seed" {
			t.Errorf("history %+v", h)
		}
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID+"/other", "xa.thanhsen", nil), 404)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID+"?as_of=2026-01-05", "xa.thanhsen", nil), 200)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID+"?as_of=2026-01-05T08:00:00Z", "xa.thanhsen", nil), 200)
		// Before the record existed.
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID+"?as_of=2025-01-01", "xa.thanhsen", nil), 404)
		w = e.do("GET", "/api/v1/citizens/"+hung.ID+"?as_of=2025-13-01", "xa.thanhsen", nil)
		wantStatus(t, w, 400)
		if p := decode[Problem](t, w); len(p.Errors) != 1 || p.Errors[0].Field != "as_of" {
			t.Errorf("bad as_of: %+v", p)
		}
	})
}

func containsAny(s string, subs ...string) bool {
	return slices.ContainsFunc(subs, func(x string) bool { return strings.Contains(s, x) })
}
