package api

import (
	"dancu/internal/wire"
	"encoding/json"
	"net/http"
	"slices"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/merge"
	"dancu/internal/registry"
)

// seedPairs adds a second form of Hùng in his commune (the same person,
// another number) and files two candidate pairs: that one, inside Thành
// Sen, and Hùng/Hưng across two communes of the province.
func seedPairs(t *testing.T, e *env) (dup registry.Citizen) {
	t.Helper()
	hung := e.citizens["hung"]
	dup = hung
	dup.ID, dup.IDNumber, dup.OldIDNumber, dup.Phone = uuid.Must(uuid.NewV7()).String(), "042090000124", "", "0912345678"
	dup, err := wire.Register(e.db).Create(bg, dup, registry.ChangeMeta{Actor: "test", Reason: "second DC01 form"})
	if err != nil {
		t.Fatal(err)
	}
	hung2 := e.citizens["hung2"]
	_, err = e.db.Review().SaveCandidates(bg, "run-1", []merge.Candidate{
		{LeftID: hung.ID, RightID: dup.ID, Score: 31, Decision: "match", LeftUnit: "18073", RightUnit: "18073", LeftProvince: "42", RightProvince: "42"},
		{LeftID: hung.ID, RightID: hung2.ID, Score: 14, Decision: "review", LeftUnit: "18073", RightUnit: "18100", LeftProvince: "42", RightProvince: "42"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return dup
}

func listPairs(t *testing.T, e *env, user string) []merge.Candidate {
	t.Helper()
	w := e.do("GET", "/api/v1/duplicates", user, nil)
	var page candidatePage
	if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &page) != nil {
		t.Fatalf("list as %s: %d %s", user, w.Code, w.Body)
	}
	return page.Items
}

func TestReviewQueueMergeAndUndo(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		hung, hung2 := e.citizens["hung"], e.citizens["hung2"]
		dup := seedPairs(t, e)
		// Jurisdiction: the commune officer sees only the pair inside the
		// commune; the province officer sees both.
		own, all := listPairs(t, e, "xa.thanhsen"), listPairs(t, e, "tinh.hatinh")
		if len(own) != 1 || own[0].RightID != dup.ID || len(all) != 2 {
			t.Fatalf("commune sees %d pairs, province %d", len(own), len(all))
		}
		pair := own[0]
		var cross merge.Candidate
		for _, c := range all {
			if c.RightID == hung2.ID {
				cross = c
			}
		}
		if w := e.do("GET", "/api/v1/duplicates/"+cross.ID, "xa.thanhsen", nil); w.Code != http.StatusForbidden && w.Code != http.StatusNotFound {
			t.Errorf("commune officer reads a pair reaching another commune: %d", w.Code)
		}

		// Side by side, with the differing fields named.
		w := e.do("GET", "/api/v1/duplicates/"+pair.ID, "xa.thanhsen", nil)
		var side merge.SideBySide
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &side) != nil {
			t.Fatalf("side by side: %d %s", w.Code, w.Body)
		}
		if !slices.Contains(side.Differing, "id_number") || !slices.Contains(side.Differing, "phone") || slices.Contains(side.Differing, "full_name") {
			t.Errorf("differing fields = %v", side.Differing)
		}

		// Decisions need a reason and an editing role.
		mergeBody := map[string]any{"survivor_id": hung.ID, "reason": "Cùng một người, thu thập hai lần", "fill": true}
		if w := e.do("POST", "/api/v1/duplicates/"+pair.ID+"/merge", "xa.thanhsen", map[string]any{"survivor_id": hung.ID}); w.Code != http.StatusBadRequest {
			t.Errorf("merge without a reason: %d", w.Code)
		}
		if w := e.do("POST", "/api/v1/duplicates/"+pair.ID+"/merge", "kiem.toan", mergeBody); w.Code != http.StatusForbidden {
			t.Errorf("merge by an auditor: %d", w.Code)
		}
		w = e.do("POST", "/api/v1/duplicates/"+pair.ID+"/merge", "xa.thanhsen", mergeBody)
		var m merge.Merge
		if w.Code != http.StatusOK || json.Unmarshal(w.Body.Bytes(), &m) != nil || m.SurvivorID != hung.ID || m.MergedID != dup.ID {
			t.Fatalf("merge: %d %s", w.Code, w.Body)
		}
		// The merged number now leads to the survivor; the phone was filled.
		var got registry.Citizen
		read := func(path string) registry.Citizen {
			got = registry.Citizen{} // Unmarshal keeps fields the JSON omits
			if err := json.Unmarshal(e.do("GET", path, "xa.thanhsen", nil).Body.Bytes(), &got); err != nil {
				t.Fatalf("GET %s: %v", path, err)
			}
			return got
		}
		if got = read("/api/v1/citizens/by-number/" + dup.IDNumber); got.ID != hung.ID || got.Phone != dup.Phone {
			t.Errorf("after merge, %s leads to %s (phone %q), want the survivor with the filled phone", dup.IDNumber, got.ID, got.Phone)
		}

		// Undo restores both records.
		if w := e.do("POST", "/api/v1/merges/"+m.ID+"/undo", "xa.thanhsen", map[string]any{"reason": "Quyết định sai, hoàn tác"}); w.Code != http.StatusOK {
			t.Fatalf("undo: %d %s", w.Code, w.Body)
		}
		if got = read("/api/v1/citizens/by-number/" + dup.IDNumber); got.ID != dup.ID || got.Status != registry.Alive {
			t.Errorf("after undo, %s leads to %s (%s), want the restored record", dup.IDNumber, got.ID, got.Status)
		}
		if got = read("/api/v1/citizens/" + hung.ID); got.Phone != hung.Phone {
			t.Errorf("after undo the survivor's filled phone is %q, want %q", got.Phone, hung.Phone)
		}

		// "Not the same person" is kept, and a later run does not reopen it.
		if w := e.do("POST", "/api/v1/duplicates/"+cross.ID+"/not-same", "tinh.hatinh", map[string]any{"reason": "Khác cha mẹ"}); w.Code != http.StatusOK {
			t.Fatalf("not-same: %d %s", w.Code, w.Body)
		}
		st, err := e.db.Review().SaveCandidates(bg, "run-2", []merge.Candidate{{LeftID: hung.ID, RightID: hung2.ID, Score: 15, Decision: "review",
			LeftUnit: "18073", RightUnit: "18100", LeftProvince: "42", RightProvince: "42"}})
		if err != nil || st.Decided != 1 || st.Added != 0 {
			t.Errorf("re-run over a not-same pair: %+v, %v", st, err)
		}
		for _, c := range listPairs(t, e, "tinh.hatinh") {
			if c.ID == cross.ID && c.Status != merge.NotSame {
				t.Errorf("the not-same pair is %s again", c.Status)
			}
		}
		// Every decision was audited.
		actions := map[string]bool{}
		for _, en := range e.audit.entries {
			actions[en.Action] = true
		}
		for _, a := range []string{actDuplicates, actDuplicate, actMerge, actUndoMerge, actDecide} {
			if !actions[a] {
				t.Errorf("no audit entry for %s", a)
			}
		}
	})
}
