package parity_test

import (
	"dancu/internal/wire"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// findingCodes lists a citizen's quality findings through the API.
func (w *world) findingCodes(user, citizenID string) map[string]bool {
	w.t.Helper()
	rec := w.apiDo("GET", "/api/v1/quality/findings?citizen_id="+citizenID, user, nil)
	var page quality.FindingPage
	if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
		w.t.Fatalf("findings of %s: %d %s", citizenID, rec.Code, rec.Body)
	}
	out := map[string]bool{}
	for _, f := range page.Items {
		out[f.Code] = true
	}
	return out
}

func (w *world) current(id string) registry.Citizen {
	w.t.Helper()
	c, err := w.db.Citizens().Citizen(bg, id)
	if err != nil {
		w.t.Fatal(err)
	}
	return c
}

// TestRecordedDeathEndsResidence: recording a death through either door
// deletes the permanent (and temporary) residence registration, as the
// Law on Residence 2020 (art. 24, 29) does, so the rule "dead with a
// residence" finds nothing to fix; the record keeps its last place and
// stays with its commune. A record stored dead with its registration
// still open (imported before this rule) is resolved by confirming the
// death; a death corrected away restores the registration.
func TestRecordedDeathEndsResidence(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		hung, hoa := w.citizens["hung"], w.citizens["hoa"]
		wantDeleted := func(door string, c registry.Citizen, on pdate.Date) {
			t.Helper()
			p := c.Permanent
			if p.DeletedFor != registry.DeletedForDeath || p.DeletedOn != on || p.Commune != "18073" {
				t.Errorf("%s: permanent residence after the death = %+v; want deleted for death on %s, commune kept", door, p, on)
			}
			if w.findingCodes("xa.thanhsen", c.ID)[quality.CodeDeadWithResidence] {
				t.Errorf("%s: %s is still reported after the death was recorded", door, quality.CodeDeadWithResidence)
			}
			if rec := w.apiDo("GET", "/api/v1/citizens/"+c.ID, "xa.thanhsen", nil); rec.Code != http.StatusOK {
				t.Errorf("%s: the commune no longer reads its dead citizen's record: %d", door, rec.Code)
			}
		}

		// The API.
		rec := w.apiDo("PATCH", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", map[string]any{"reason": "Trích lục khai tử số 3/2026",
			"version": hung.Version, "changes": map[string]any{"status": "dead", "death_date": "2026-01-02"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("API death: %d %s", rec.Code, rec.Body)
		}
		wantDeleted("api", w.current(hung.ID), pdate.Full(2026, 1, 2))

		// The web application's correction form.
		rec = w.page("POST", "/citizens/"+hoa.ID+"/edit", "xa.thanhsen", url.Values{"full_name": {hoa.FullName}, "status": {"dead"},
			"death_date": {"2026-01-03"}, "address": {hoa.Permanent.Address}, "reason": {"Trích lục khai tử số 4/2026"},
			"version": {strconv.Itoa(hoa.Version)}})
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("web death: %d %s", rec.Code, rec.Body)
		}
		wantDeleted("ui", w.current(hoa.ID), pdate.Full(2026, 1, 3))

		// A death corrected away restores the registration.
		cur := w.current(hung.ID)
		rec = w.apiDo("PATCH", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", map[string]any{"reason": "Khai tử nhầm người, QĐ 5/2026",
			"version": cur.Version, "changes": map[string]any{"status": "alive", "death_date": nil}})
		if rec.Code != http.StatusOK {
			t.Fatalf("API correction of the death: %d %s", rec.Code, rec.Body)
		}
		if p := w.current(hung.ID).Permanent; p.DeletedFor != "" || !p.DeletedOn.IsZero() || !p.Registered() {
			t.Errorf("after the death was corrected away the permanent residence is %+v; want registered again", p)
		}

		// A record stored dead with its registration still open: the
		// finding is there, and confirming the death resolves it.
		old := registry.Citizen{ID: "legacy-dead-1", IDNumber: "042050000777", FullName: "Lê Văn Cũ", BirthDate: pdate.Full(1950, 1, 1),
			Sex: registry.Male, Status: registry.Dead, DeathDate: pdate.Full(2020, 6, 1), Ethnicity: "01", Nationality: "VN",
			Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 1"}}
		old, err := wire.Register(w.db).Create(bg, old, registry.ChangeMeta{Actor: "test", Reason: "imported before the rule"})
		if err != nil {
			t.Fatal(err)
		}
		if !w.findingCodes("xa.thanhsen", old.ID)[quality.CodeDeadWithResidence] {
			t.Fatalf("the stored dead record has no %s finding to resolve", quality.CodeDeadWithResidence)
		}
		rec = w.apiDo("PATCH", "/api/v1/citizens/"+old.ID, "xa.thanhsen", map[string]any{"reason": "Xóa đăng ký thường trú do chết, Điều 24 Luật Cư trú",
			"version": old.Version, "changes": map[string]any{"status": "dead"}})
		if rec.Code != http.StatusOK {
			t.Fatalf("confirming the death: %d %s", rec.Code, rec.Body)
		}
		wantDeleted("api, stored record", w.current(old.ID), pdate.Full(2020, 6, 1))
	})
}
