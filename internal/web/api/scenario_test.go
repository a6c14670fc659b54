package api

import (
	"fmt"
	"log/slog"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/blobstore"
	"net/http/httptest"
	"strings"
	"testing"

	"dancu/internal/procedure"
	"dancu/internal/registry"
	"dancu/internal/residence"
	"dancu/internal/share"
)

// scenario is the register kept alive by its procedures, driven through
// the public API on one engine: officers file and decide dossiers, and
// every step is checked through the record, its history and the event
// feed of a subscribed agency.
//
// The steps run in order on one register (scenarioSteps); a step may leave
// people in s.people for the steps after it. Civil-status steps (birth,
// marriage, death) go before and after the residence ones.
type scenario struct {
	*shareEnv
	notify string // the agency's token on the event feed
	cursor string // the feed's cursor after the last step
	people map[string]registry.Citizen
}

type scenarioStep struct {
	name string
	run  func(t *testing.T, s *scenario)
}

var scenarioSteps = []scenarioStep{
	{"the family moves to another commune; the old commune's deletion follows", stepFamilyMoves},
	{"a birth is registered: the number is assigned, the child joins the parents' household", stepBirth},
	{"one member registers tạm trú elsewhere and extends it", stepTemporaryAndExtension},
	{"a guest's lưu trú notice", stepGuestStay},
	{"a marriage links two records", stepMarriage},
	{"a death ends residence, revokes the card and notifies the agency", stepDeath},
}

func TestScenarioProceduresKeepTheRegisterAlive(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			s := &scenario{shareEnv: newShareEnv(t, engine), people: map[string]registry.Citizen{}}
			blobs, err := blobstore.New(t.TempDir(), make([]byte, blobstore.KeySize))
			if err != nil {
				t.Fatal(err)
			}
			s.h = New(withServices(s.db, Config{Auth: s.auth, Logger: slog.New(slog.NewJSONHandler(s.logs, nil)),
				Metrics: prometheus.NewRegistry(), Version: "test", Auditor: s.audit, Share: s.svc, Blobs: blobs}))
			for name, unit := range map[string]string{"xa.tranphu": "18100", "xa.tranphu2": "18100", "xa.hanoi": "00004"} {
				s.addUser(name, "commune", unit)
			}
			secret := s.agency("insurer", []string{"id_number", "permanent", "death_date"}, func(a *share.Agency) {
				a.Events = []share.EventType{share.EventDeath, share.EventResidenceChanged, share.EventNumberIssued, share.EventCardRevoked}
			})
			s.notify = s.token("insurer", secret, share.AudienceNotify)
			s.cursor = decode[eventPage](t, s.call("GET", "/api/v1/events", s.notify, nil)).NextCursor
			for key, c := range s.citizens {
				s.people[key] = c
			}
			for _, st := range scenarioSteps {
				if !t.Run(st.name, func(t *testing.T) { st.run(t, s) }) {
					t.FailNow() // later steps build on this one
				}
			}
		})
	}
}

// officer sends an officer's JSON request and checks its status.
func (s *scenario) officer(t *testing.T, user, method, path string, body any, status int) *httptest.ResponseRecorder {
	t.Helper()
	w := s.do(method, path, user, body)
	wantStatus(t, w, status)
	return w
}

// file receives a dossier at user's desk.
func (s *scenario) file(t *testing.T, user, kind string, form any) procedure.Dossier {
	t.Helper()
	in := map[string]any{"kind": kind, "channel": "direct", "form": form,
		"applicant": map[string]any{"full_name": "Người nộp hồ sơ", "relation": "self"}}
	return decode[procedure.Dossier](t, s.officer(t, user, "POST", "/api/v1/dossiers", in, 201))
}

// decide takes a step on a dossier.
func (s *scenario) decide(t *testing.T, user, id string, action procedure.Action, status int) procedure.Dossier {
	t.Helper()
	w := s.officer(t, user, "POST", "/api/v1/dossiers/"+id+"/steps", map[string]any{"action": action}, status)
	return decode[procedure.Dossier](t, w)
}

// attach uploads a PDF to a dossier.
func (s *scenario) attach(t *testing.T, user, id, kind string) {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v1/dossiers/"+id+"/documents?kind="+kind+"&name=giay-to.pdf", strings.NewReader("%PDF-1.4 giấy tờ"))
	req.Header.Set("Authorization", "Bearer "+s.tokens[user])
	req.Header.Set("Content-Type", "application/pdf")
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, req)
	wantStatus(t, w, 201)
}

// record reads a citizen as user.
func (s *scenario) record(t *testing.T, user, id string) registry.Citizen {
	t.Helper()
	return decode[registry.Citizen](t, s.officer(t, user, "GET", "/api/v1/citizens/"+id, nil, 200))
}

// newestVersion is the reason of the record's newest version.
func (s *scenario) newestVersion(t *testing.T, user, id string) registry.Version {
	t.Helper()
	h := decode[historyResponse](t, s.officer(t, user, "GET", "/api/v1/citizens/"+id+"/history", nil, 200))
	return h.Versions[len(h.Versions)-1]
}

// events reads the agency's feed since the last step.
func (s *scenario) events(t *testing.T) []share.Event {
	t.Helper()
	page := decode[eventPage](t, s.call("GET", "/api/v1/events?after="+s.cursor, s.notify, nil))
	s.cursor = page.NextCursor
	return page.Events
}

// wantEvents checks the feed carries exactly these types for these
// numbers, in order.
func (s *scenario) wantEvents(t *testing.T, want ...string) {
	t.Helper()
	var got []string
	for _, e := range s.events(t) {
		got = append(got, fmt.Sprintf("%s %s", e.Type, e.Data["id_number"]))
	}
	if strings.Join(got, "; ") != strings.Join(want, "; ") {
		t.Errorf("event feed:\n got %q\nwant %q", got, want)
	}
}

func stepFamilyMoves(t *testing.T, s *scenario) {
	hung, hoa := s.people["hung"], s.people["hoa"]
	form := map[string]any{"case": residence.NewHousehold, "commune": "18100", "address": "Tổ 5, phường Trần Phú", "head": hung.ID,
		"members":       []map[string]any{{"citizen_id": hung.ID}, {"citizen_id": hoa.ID, "relation_to_head": "vợ"}},
		"accommodation": map[string]any{"basis": "owned"}}
	d := s.file(t, "xa.tranphu", "residence.permanent", form)
	inbox := decode[dossierPage](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/dossiers?state=received", nil, 200))
	if len(inbox.Items) != 1 || inbox.Items[0].ID != d.ID || inbox.Items[0].Overdue || inbox.Items[0].RemainingWorkingDays != 7 {
		t.Fatalf("inbox %+v", inbox.Items)
	}
	s.decide(t, "xa.tranphu", d.ID, procedure.ActApprove, 409) // no proof of the home yet
	s.attach(t, "xa.tranphu", d.ID, "accommodation_proof")
	if got := s.decide(t, "xa.tranphu", d.ID, procedure.ActApprove, 200); got.State != procedure.Approved {
		t.Fatalf("approved: %+v", got)
	}
	for _, p := range []registry.Citizen{hung, hoa} {
		c := s.record(t, "xa.tranphu", p.ID)
		if c.Permanent.Commune != "18100" || c.HouseholdHead.IDNumber != hung.IDNumber {
			t.Errorf("%s after the move: %+v head %+v", p.FullName, c.Permanent, c.HouseholdHead)
		}
		s.officer(t, "xa.thanhsen", "GET", "/api/v1/citizens/"+p.ID, nil, 403) // the old commune no longer sees them
		if v := s.newestVersion(t, "xa.tranphu", p.ID); !strings.HasPrefix(v.Reason, "procedure residence.permanent, dossier "+d.ID) {
			t.Errorf("history reason %q", v.Reason)
		}
		h := decode[residence.History](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/citizens/"+p.ID+"/residence", nil, 200))
		if c := h.Changes[0]; c.Action != residence.Moved || c.Dossier != d.ID || c.Before.Commune != "18073" {
			t.Errorf("residence history %+v", c)
		}
		s.people[map[string]string{hung.ID: "hung", hoa.ID: "hoa"}[p.ID]] = c
	}
	// The old commune's deletion, decided with the move, in its inbox.
	old := decode[dossierPage](t, s.officer(t, "xa.thanhsen", "GET", "/api/v1/dossiers?kind=residence.permanent_deletion", nil, 200))
	if len(old.Items) != 2 || old.Items[0].State != procedure.Done || !strings.Contains(string(old.Items[0].Result), d.ID) {
		t.Errorf("old commune's deletions %+v", old.Items)
	}
	res := decode[residence.Result](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/dossiers/"+d.ID+"/result", nil, 200))
	if len(res.Confirmations) != 2 || res.Confirmations[0].Permanent.Commune != "18100" {
		t.Errorf("result %+v", res)
	}
	rc := decode[procedure.Receipt](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/dossiers/"+d.ID+"/receipt", nil, 200))
	if rc.Due.String() != "2026-01-14" || rc.Fee.Amount != 20000 || len(rc.Documents) != 1 {
		t.Errorf("receipt %+v", rc)
	}
	s.wantEvents(t, "citizen.residence_changed "+hung.IDNumber, "citizen.residence_changed "+hoa.IDNumber)
}

func stepTemporaryAndExtension(t *testing.T, s *scenario) {
	hoa := s.people["hoa"]
	d := s.file(t, "xa.hanoi", "residence.temporary", map[string]any{"members": []map[string]any{{"citizen_id": hoa.ID}},
		"commune": "00004", "address": "Ngõ 5 Phố Huế", "until": "2026-01-20", "accommodation": map[string]any{"basis": "rented", "lookup_ref": "HĐ thuê 01/2026"},
		"consent": map[string]any{"on_form": true}})
	s.decide(t, "xa.hanoi", d.ID, procedure.ActApprove, 200)
	if c := s.record(t, "xa.tranphu", hoa.ID); c.Temporary.Commune != "00004" || c.Temporary.Until.String() != "2026-01-20" {
		t.Fatalf("tạm trú %+v", c.Temporary)
	}
	// Within the 15 days before the term ends: extended by six months.
	e := s.file(t, "xa.hanoi", "residence.temporary_extension", map[string]any{"members": []map[string]any{{"citizen_id": hoa.ID}},
		"until": "2026-07-20", "accommodation": map[string]any{"basis": "rented", "lookup_ref": "HĐ thuê 01/2026"}})
	s.decide(t, "xa.hanoi", e.ID, procedure.ActApprove, 200)
	if c := s.record(t, "xa.tranphu", hoa.ID); c.Temporary.Until.String() != "2026-07-20" {
		t.Errorf("extended %+v", c.Temporary)
	}
	if v := s.newestVersion(t, "xa.tranphu", hoa.ID); !strings.Contains(v.Reason, e.ID) {
		t.Errorf("history reason %q", v.Reason)
	}
	h := decode[residence.History](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/citizens/"+hoa.ID+"/residence", nil, 200))
	if h.Changes[0].Action != residence.Extended || h.Changes[1].Action != residence.Registered || h.Changes[1].Dossier != d.ID {
		t.Errorf("residence history %+v", h.Changes[:2])
	}
	s.wantEvents(t, "citizen.residence_changed "+hoa.IDNumber, "citizen.residence_changed "+hoa.IDNumber)
}

func stepGuestStay(t *testing.T, s *scenario) {
	an, hung := s.people["an"], s.people["hung"]
	before := s.newestVersion(t, "quan.tri", an.ID)
	d := s.file(t, "xa.tranphu", "residence.stay_notice", map[string]any{"guests": []map[string]any{{"id_number": an.IDNumber}},
		"commune": "18100", "address": hung.Permanent.Address, "arrival": "2026-01-05T14:00:00+07:00", "until": "2026-01-08", "reason": "thăm bạn"})
	if d.State != procedure.Done || d.Outcome != procedure.Approved || d.Subjects[0].CitizenID != an.ID {
		t.Fatalf("notice %+v", d)
	}
	list := decode[dossierPage](t, s.officer(t, "xa.tranphu", "GET", "/api/v1/dossiers?citizen="+an.ID, nil, 200))
	if len(list.Items) != 1 || list.Items[0].Kind != "residence.stay_notice" {
		t.Errorf("the guest's dossiers %+v", list.Items)
	}
	// A notice registers no residence: no version, no event.
	if after := s.newestVersion(t, "quan.tri", an.ID); after.Number != before.Number {
		t.Errorf("the notice made version %d", after.Number)
	}
	s.wantEvents(t)
}
