package api

import (
	"testing"

	"dancu/internal/registry"
)

func TestPatchCitizen(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung := e.citizens["hung"]
		path := "/api/v1/citizens/" + hung.ID
		change := map[string]any{"phone": "+84 912.345.678", "marital_status": "đã kết hôn",
			"current": map[string]string{"commune": "18100", "address": "  Số 5   Trần Phú "}}

		// Without a reason: refused, naming the field.
		w := e.do("PATCH", path, "xa.thanhsen", map[string]any{"version": 1, "changes": change})
		wantStatus(t, w, 400)
		if p := decode[Problem](t, w); len(p.Errors) != 1 || p.Errors[0].Field != "reason" {
			t.Errorf("no reason: %+v", p)
		}

		w = e.do("PATCH", path, "xa.thanhsen", map[string]any{"reason": "CT01 số 12/2026", "version": 1, "changes": change})
		wantStatus(t, w, 200)
		got := decode[registry.Citizen](t, w)
		if got.Version != 2 || got.Phone != "0912345678" || got.MaritalStatus != "married" ||
			got.Current != (registry.Residence{Commune: "18100", Province: "42", Address: "Số 5 Trần Phú"}) {
			t.Errorf("after patch: %+v", got)
		}

		w = e.do("GET", path+"/history", "xa.thanhsen", nil)
		h := decode[historyResponse](t, w)
		if len(h.Versions) != 2 {
			t.Fatalf("history has %d versions", len(h.Versions))
		}
		v := h.Versions[1]
		if v.Number != 2 || v.Actor != "user:xa.thanhsen" || v.Reason != "CT01 số 12/2026" || v.Data.Phone != "0912345678" {
			t.Errorf("version 2 = %+v", v)
		}
		if _, ok := v.Previous["phone"]; !ok {
			t.Errorf("previous values %v lack phone", v.Previous)
		}

		// A stale version is a conflict.
		w = e.do("PATCH", path, "xa.thanhsen", map[string]any{"reason": "x", "version": 1, "changes": map[string]string{"phone": "0987654321"}})
		wantStatus(t, w, 409)
	})
}

func TestPatchValidation(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		path := "/api/v1/citizens/" + e.citizens["hung"].ID
		for _, tc := range []struct {
			name   string
			body   any
			status int
			field  string
			user   string
		}{
			{"unknown field", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"id_number": "042090000999"}}, 400, "changes.id_number", ""},
			{"no changes", map[string]any{"reason": "x", "version": 1}, 400, "changes", ""},
			{"no version", map[string]any{"reason": "x", "changes": map[string]any{"phone": "0912345678"}}, 400, "version", ""},
			{"bad phone", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"phone": "12"}}, 400, "changes.phone", ""},
			{"bad type", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"full_name": 5}}, 400, "changes.full_name", ""},
			{"clear name", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"full_name": " "}}, 400, "changes.full_name", ""},
			{"bad commune", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"current": map[string]string{"commune": "99999"}}}, 400, "changes.current", ""},
			{"dead without date", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"status": "dead"}}, 400, "death_date", ""},
			{"death before birth", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"status": "dead", "death_date": "1980-01-01"}}, 400, "death_date", ""},
			{"merged", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"status": "merged"}}, 400, "changes.status", ""},
			{"top-level unknown", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"phone": "0912345678"}, "actor": "me"}, 400, "actor", ""},
			{"move out of jurisdiction", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"permanent": map[string]string{"commune": "18100"}}}, 403, "", ""},
			{"province moves within", map[string]any{"reason": "x", "version": 1, "changes": map[string]any{"permanent": map[string]string{"commune": "18100", "address": "Số 1"}}}, 200, "", "tinh.hatinh"},
			{"death", map[string]any{"reason": "giấy chứng tử 3/2026", "version": 2, "changes": map[string]any{"status": "dead", "death_date": "2026-01-01"}}, 200, "", "tinh.hatinh"},
		} {
			user := tc.user
			if user == "" {
				user = "xa.thanhsen"
			}
			w := e.do("PATCH", path, user, tc.body)
			if w.Code != tc.status {
				t.Errorf("%s: %d, want %d: %s", tc.name, w.Code, tc.status, w.Body)
				continue
			}
			if tc.field != "" {
				if p := decode[Problem](t, w); len(p.Errors) == 0 || p.Errors[0].Field != tc.field {
					t.Errorf("%s: errors %+v, want field %s", tc.name, p.Errors, tc.field)
				}
			}
		}
	})
}
