package parity_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dancu/internal/merge"
)

// fileHungPair files the pair of Hùng's two forms while both are in
// Thành Sen, as a duplicate run does, and returns its queue entry.
func fileHungPair(t *testing.T, w *world) merge.Candidate {
	t.Helper()
	l, r := w.citizens["hung"], w.citizens["hung.form2"]
	if _, err := w.db.Review().SaveCandidates(bg, "run-1", []merge.Candidate{{LeftID: l.ID, RightID: r.ID, Score: 31, Decision: "match",
		LeftUnit: "18073", RightUnit: "18073", LeftProvince: "42", RightProvince: "42"}}); err != nil {
		t.Fatal(err)
	}
	items, _, err := w.db.Review().Candidates(bg, merge.Query{Limit: 10})
	if err != nil || len(items) != 1 {
		t.Fatalf("queue: %v, %v", items, err)
	}
	return items[0]
}

// apiListsPair reports whether user's API queue lists the pair.
func apiListsPair(t *testing.T, w *world, user, id string) bool {
	t.Helper()
	rec := w.apiDo("GET", "/api/v1/duplicates", user, nil)
	var page struct{ Items []merge.Candidate }
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
		t.Fatalf("API queue of %s: %d %s", user, rec.Code, rec.Body)
	}
	for _, c := range page.Items {
		if c.ID == id {
			return true
		}
	}
	return false
}

// uiListsPair reports whether user's cleaning page links the pair.
func uiListsPair(t *testing.T, w *world, user, id string) bool {
	t.Helper()
	rec := w.page("GET", "/cleaning", user, nil)
	if rec.Code != http.StatusOK {
		t.Fatalf("cleaning page of %s: %d", user, rec.Code)
	}
	return strings.Contains(rec.Body.String(), "/cleaning/duplicates/"+id)
}

// TestDuplicatePairJurisdictionFollowsCurrentResidence: a pair filed while
// both records were in Thành Sen leaves that commune's reach, through both
// doors, once one record moves to Trần Phú. The stored units of the pair
// are those of the day it was filed; reads, lists and decisions must use
// the records' current residence.
func TestDuplicatePairJurisdictionFollowsCurrentResidence(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		pair := fileHungPair(t, w)
		survivor := w.citizens["hung"].ID
		// Before the move, Thành Sen's officer reviews it through both doors.
		if !apiListsPair(t, w, "xa.thanhsen", pair.ID) || !uiListsPair(t, w, "xa.thanhsen", pair.ID) {
			t.Fatal("before the move the commune does not see its own pair")
		}
		if rec := w.apiDo("GET", "/api/v1/duplicates/"+pair.ID, "xa.thanhsen", nil); rec.Code != http.StatusOK {
			t.Fatalf("API pair before the move: %d %s", rec.Code, rec.Body)
		}
		if rec := w.page("GET", "/cleaning/duplicates/"+pair.ID, "xa.thanhsen", nil); rec.Code != http.StatusOK {
			t.Fatalf("pair page before the move: %d", rec.Code)
		}

		w.moveTo("hung.form2", "18100")
		moved := w.citizens["hung.form2"]
		w.audit.reset()

		for _, tc := range []struct {
			door, what string
			code       func() int
		}{
			{"api", "GET /api/v1/duplicates/{id}", func() int {
				return w.apiDo("GET", "/api/v1/duplicates/"+pair.ID, "xa.thanhsen", nil).Code
			}},
			{"api", "POST /api/v1/duplicates/{id}/merge", func() int {
				return w.apiDo("POST", "/api/v1/duplicates/"+pair.ID+"/merge", "xa.thanhsen",
					map[string]any{"survivor_id": survivor, "reason": "Cùng một người", "fill": true}).Code
			}},
			{"api", "POST /api/v1/duplicates/{id}/not-same", func() int {
				return w.apiDo("POST", "/api/v1/duplicates/"+pair.ID+"/not-same", "xa.thanhsen", map[string]any{"reason": "Khác người"}).Code
			}},
			{"ui", "GET /cleaning/duplicates/{id}", func() int {
				return w.page("GET", "/cleaning/duplicates/"+pair.ID, "xa.thanhsen", nil).Code
			}},
			{"ui", "POST /cleaning/duplicates/{id} merge", func() int {
				return w.page("POST", "/cleaning/duplicates/"+pair.ID, "xa.thanhsen",
					url.Values{"decision": {"merge_left"}, "reason": {"Cùng một người"}}).Code
			}},
			{"ui", "POST /cleaning/duplicates/{id} not_same", func() int {
				return w.page("POST", "/cleaning/duplicates/"+pair.ID, "xa.thanhsen",
					url.Values{"decision": {"not_same"}, "reason": {"Khác người"}}).Code
			}},
		} {
			if code := tc.code(); !refused(code) {
				t.Errorf("%s (%s): the old commune's officer got %d after the record moved away, want 403 or 404", tc.what, tc.door, code)
			}
		}
		if apiListsPair(t, w, "xa.thanhsen", pair.ID) {
			t.Error("GET /api/v1/duplicates still lists the pair to the old commune")
		}
		if uiListsPair(t, w, "xa.thanhsen", pair.ID) {
			t.Error("the cleaning page still lists the pair to the old commune")
		}
		// Nothing of the moved person reached the old commune, and no
		// decision was taken.
		for _, door := range []string{"api", "ui"} {
			for _, action := range []string{"duplicate.read", "duplicate.list", "citizen.merge", "duplicate.decide"} {
				for _, id := range w.audit.named(action, "xa.thanhsen", door) {
					if id == moved.ID {
						t.Errorf("%s through the %s disclosed the moved record to the old commune", action, door)
					}
				}
			}
		}
		if c, err := w.db.Review().Candidate(bg, pair.ID); err != nil || c.Status != merge.Open {
			t.Fatalf("after the refusals the pair is %+v, %v; want it still open", c, err)
		}
		if rec := w.apiDo("GET", "/api/v1/citizens/"+moved.ID, "xa.thanhsen", nil); !refused(rec.Code) {
			t.Errorf("the moved record itself is readable by the old commune: %d", rec.Code)
		}

		// The province still covers both records and decides the pair
		// through the web application.
		if !apiListsPair(t, w, "tinh.hatinh", pair.ID) || !uiListsPair(t, w, "tinh.hatinh", pair.ID) {
			t.Error("the province no longer sees the pair")
		}
		rec := w.page("POST", "/cleaning/duplicates/"+pair.ID, "tinh.hatinh", url.Values{"decision": {"merge_left"}, "reason": {"Cùng một người"}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("the province merges through the web application: %d %s", rec.Code, rec.Body)
		}
	})
}

// TestDuplicatePairReachesCommuneItMovedInto: the same rule the other way:
// when both records now live in Trần Phú, Trần Phú's officer reviews the
// pair although it was filed in Thành Sen.
func TestDuplicatePairReachesCommuneItMovedInto(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		pair := fileHungPair(t, w)
		w.moveTo("hung", "18100")
		w.moveTo("hung.form2", "18100")
		if !apiListsPair(t, w, "xa.tranphu", pair.ID) || !uiListsPair(t, w, "xa.tranphu", pair.ID) {
			t.Error("the commune both records moved into does not see their pair")
		}
		if rec := w.apiDo("GET", "/api/v1/duplicates/"+pair.ID, "xa.tranphu", nil); rec.Code != http.StatusOK {
			t.Errorf("API pair in the new commune: %d %s", rec.Code, rec.Body)
		}
		if apiListsPair(t, w, "xa.thanhsen", pair.ID) || uiListsPair(t, w, "xa.thanhsen", pair.ID) {
			t.Error("the commune both records left still sees their pair")
		}
	})
}
