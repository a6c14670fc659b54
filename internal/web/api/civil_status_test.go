package api

import (
	"encoding/json"
	"testing"

	"dancu/internal/civilstatus"
	"dancu/internal/share"
)

// TestCivilStatusEventIsAppliedOnce: the hộ tịch system posts a death;
// posting the same event again (a retry) changes the register once and
// answers the first outcome; the same event id with other content is
// refused; an agency without the purpose, or a token for another
// audience, cannot post.
func TestCivilStatusEventIsAppliedOnce(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			s := newShareEnv(t, engine)
			secret := s.agency("hotich", []string{"id_number"}, func(a *share.Agency) {
				a.Purposes = []share.Purpose{{Name: civilstatus.ReportPurpose}}
			})
			other := s.agency("bank", []string{"id_number"}, nil)
			hoa := s.citizens["hoa"]
			death := map[string]any{"event_id": "KT-42-2026-0001", "type": "death", "data": map[string]any{
				"certificate_ref": "KT-1/2026", "person": map[string]any{"id_number": hoa.IDNumber}, "death_date": "2026-01-04"}}

			wantStatus(t, s.call("POST", "/api/v1/civil-status/events", s.token("hotich", secret, share.AudienceVerify), death), 401)
			wantStatus(t, s.call("POST", "/api/v1/civil-status/events", s.token("bank", other, share.AudienceCivilStatus), death), 403)

			token := s.token("hotich", secret, share.AudienceCivilStatus)
			first := s.call("POST", "/api/v1/civil-status/events", token, death)
			wantStatus(t, first, 201)
			a := decode[civilEventAnswer](t, first)
			if a.Duplicate || a.Kind != civilstatus.CodeDeath || a.State != "done" {
				t.Fatalf("first post: %+v", a)
			}
			versions := func() int {
				h, err := s.db.Citizens().History(bg, hoa.ID)
				if err != nil {
					t.Fatal(err)
				}
				return len(h)
			}
			after := versions()
			retry := s.call("POST", "/api/v1/civil-status/events", token, death)
			wantStatus(t, retry, 200)
			if b := decode[civilEventAnswer](t, retry); !b.Duplicate || b.DossierID != a.DossierID {
				t.Fatalf("retry: %+v, want the first dossier %s", b, a.DossierID)
			}
			if got := versions(); got != after || after != hoa.Version+1 {
				t.Errorf("versions after the retry %d, after the first post %d, before %d", got, after, hoa.Version)
			}
			evs, err := s.db.Sharing().Events(bg, 0, []share.EventType{share.EventDeath}, 100)
			if err != nil || len(evs) != 1 {
				t.Errorf("citizen.died events %d (%v), want 1", len(evs), err)
			}
			death["data"].(map[string]any)["death_date"] = "2026-01-03"
			wantStatus(t, s.call("POST", "/api/v1/civil-status/events", token, death), 409)

			birth := map[string]any{"event_id": "KS-42-2026-0001", "type": "birth", "data": map[string]any{
				"certificate_ref": "KS-1/2026", "full_name": "Nguyễn Minh An", "birth_date": "2026-01-02", "sex": "M",
				"birth_registration_place": map[string]any{"code": "18073"}, "father": map[string]any{"id_number": s.citizens["hung"].IDNumber}}}
			born := s.call("POST", "/api/v1/civil-status/events", token, birth)
			wantStatus(t, born, 201)
			var res civilstatus.BirthResult
			if err := json.Unmarshal(decode[civilEventAnswer](t, born).Result, &res); err != nil || len(res.IDNumber) != 12 {
				t.Errorf("birth result %+v (%v)", res, err)
			}
		})
	}
}
