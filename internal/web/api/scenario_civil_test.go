package api

import (
	"encoding/json"
	"strings"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/civilstatus"
	"dancu/internal/idnumber"
	"dancu/internal/issuance"
	"dancu/internal/procedure"
	"dancu/internal/registry"
)

// The civil-status steps of the scenario (scenarioSteps): the hộ tịch
// events reach the register as procedures filed at the commune desk.

// stepBirth: a daughter of Hùng and Hoa is registered; she receives her
// ID number at birth and joins her mother's household, at the family's
// home.
func stepBirth(t *testing.T, s *scenario) {
	hung, hoa := s.people["hung"], s.people["hoa"]
	d := s.file(t, "xa.tranphu", civilstatus.CodeBirth, map[string]any{"certificate_ref": "KS-1/2026", "full_name": "Nguyễn Minh An",
		"birth_date": "2026-01-03", "sex": "F", "birth_registration_place": map[string]any{"code": "18100"},
		"father": map[string]any{"id_number": hung.IDNumber}, "mother": map[string]any{"id_number": hoa.IDNumber}})
	var res civilstatus.BirthResult
	if err := json.Unmarshal(d.Result, &res); d.State != procedure.Done || err != nil {
		t.Fatalf("birth dossier %s/%s result %s", d.State, d.Outcome, d.Result)
	}
	child := s.record(t, "xa.tranphu", res.CitizenID)
	if p, err := idnumber.Parse(child.IDNumber); err != nil || child.IDNumber != res.IDNumber || p.BirthYear != 2026 || p.Sex != idnumber.Female || p.Prefix != "042" {
		t.Errorf("the child's number %q (%+v, %v)", child.IDNumber, p, err)
	}
	if child.Father.CitizenID != hung.ID || child.Mother.CitizenID != hoa.ID || child.HouseholdRef != hoa.HouseholdRef ||
		child.HouseholdHead.IDNumber != hung.IDNumber || child.RelationToHead != "child" || child.Permanent.Commune != hoa.Permanent.Commune {
		t.Errorf("the child's parents %+v %+v, household %q %+v %q, residence %+v", child.Father, child.Mother, child.HouseholdRef,
			child.HouseholdHead, child.RelationToHead, child.Permanent)
	}
	members := decode[itemsOf[registry.Summary]](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/households/"+child.HouseholdRef+"/members", nil, 200))
	found := false
	for _, m := range members.Items {
		found = found || m.ID == child.ID
	}
	if !found {
		t.Errorf("the household %s does not list the child: %+v", child.HouseholdRef, members.Items)
	}
	if v := s.newestVersion(t, "xa.tranphu", child.ID); v.Number != 1 || !strings.HasPrefix(v.Reason, "procedure civil.birth, dossier "+d.ID) {
		t.Errorf("the child's history %+v", v)
	}
	s.people["child"] = child
	s.wantEvents(t, "id_number.issued "+child.IDNumber)
}

// stepMarriage: Hùng and Hoa register their marriage; both records name
// the other as spouse.
func stepMarriage(t *testing.T, s *scenario) {
	hung, hoa := s.people["hung"], s.people["hoa"]
	d := s.file(t, "xa.tranphu", civilstatus.CodeMarriage, map[string]any{"certificate_ref": "KH-1/2026", "date": "2026-01-05",
		"spouse1": map[string]any{"id_number": hung.IDNumber}, "spouse2": map[string]any{"id_number": hoa.IDNumber}})
	if d.State != procedure.Done {
		t.Fatalf("marriage dossier %s", d.State)
	}
	for _, p := range [][2]registry.Citizen{{hung, hoa}, {hoa, hung}} {
		c := s.record(t, "xa.tranphu", p[0].ID)
		if c.Spouse.CitizenID != p[1].ID || c.MaritalStatus != "married" {
			t.Errorf("%s after the marriage: spouse %+v, %s", c.FullName, c.Spouse, c.MaritalStatus)
		}
		if v := s.newestVersion(t, "xa.tranphu", p[0].ID); !strings.HasPrefix(v.Reason, "procedure civil.marriage, dossier "+d.ID) {
			t.Errorf("history reason %q", v.Reason)
		}
	}
	s.wantEvents(t)
}

// stepDeath: Hùng, who holds a card, dies; the khai tử deletes his
// residence, revokes the card and notifies the insurer; Hoa is widowed.
func stepDeath(t *testing.T, s *scenario) {
	hung := s.people["hung"]
	s.handOverCard(t, hung)
	s.wantEvents(t)
	d := s.file(t, "xa.tranphu", civilstatus.CodeDeath, map[string]any{"certificate_ref": "KT-1/2026", "death_date": "2026-01-05",
		"person": map[string]any{"id_number": hung.IDNumber}})
	if d.State != procedure.Done {
		t.Fatalf("death dossier %s", d.State)
	}
	c := s.record(t, "xa.tranphu", hung.ID)
	if c.Status != registry.Dead || c.DeathDate.String() != "2026-01-05" || c.Permanent.DeletedFor != registry.DeletedForDeath || c.Permanent.Commune != "18100" {
		t.Errorf("after the death: %s %s %+v", c.Status, c.DeathDate, c.Permanent)
	}
	if v := s.newestVersion(t, "xa.tranphu", hung.ID); !strings.HasPrefix(v.Reason, "procedure civil.death, dossier "+d.ID) {
		t.Errorf("history reason %q", v.Reason)
	}
	if st := decode[cardStatusResponse](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/cards/"+hung.IDNumber+"/status", nil, 200)); st.Status != issuance.Revoked {
		t.Errorf("the card after the death: %s", st.Status)
	}
	if hoa := s.record(t, "xa.tranphu", s.people["hoa"].ID); hoa.MaritalStatus != "widowed" {
		t.Errorf("the widow's marital status: %s", hoa.MaritalStatus)
	}
	s.wantEvents(t, "citizen.died "+hung.IDNumber, "citizen.residence_changed "+hung.IDNumber, "card.revoked "+hung.IDNumber)
}

// handOverCard takes c's first card to hand-over through the API, at a
// station of c's commune.
func (s *scenario) handOverCard(t *testing.T, c registry.Citizen) {
	t.Helper()
	if _, ok := s.tokens["bo.c06"]; !ok {
		s.addUser("bo.c06", auth.RoleMinistry, "")
	}
	st := decode[issuance.Station](t, s.officer(t, "tinh.hatinh", "POST", "/api/v1/stations", map[string]any{"code": "HT-TP",
		"name": "Công an phường Trần Phú", "unit": c.Permanent.Commune}, 201))
	app := decode[issuance.Application](t, s.officer(t, "xa.tranphu", "POST", "/api/v1/applications", map[string]any{"citizen_id": c.ID,
		"station_id": st.ID, "type": "first_issuance", "captures": map[string]any{"photo": "p", "signature": "s", "fingerprints": fingerprints()}}, 200))
	for i, step := range []struct {
		user string
		body map[string]any
	}{
		{"xa.tranphu", map[string]any{"to": "verified"}},
		{"tinh.hatinh", map[string]any{"to": "approved"}},
		{"bo.c06", map[string]any{"to": "in_production"}},
		{"bo.c06", map[string]any{"to": "produced", "card": map[string]any{"issue_date": "2026-01-05", "expiry_date": "2030-05-15"}}},
		{"tinh.hatinh", map[string]any{"to": "delivered"}},
		{"xa.tranphu", map[string]any{"to": "handed_over", "citizen_confirmed": true}},
	} {
		step.body["version"] = app.Version + i
		s.officer(t, step.user, "POST", "/api/v1/applications/"+app.ID+"/transitions", step.body, 200)
	}
}
