package api

import (
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/citizenauth"
)

// TestRefusedAttemptsAreAudited protects the audit log from missing an
// officer's refused attempts: a 403 (a record outside the jurisdiction, an
// action the role may not take) is recorded with result "denied", naming
// the citizen when the attempt concerned one.
func TestRefusedAttemptsAreAudited(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	outside := e.citizens["hung2"]
	for _, tc := range []struct {
		name, method, path, user string
		body                     any
		ids                      []string
	}{
		{"a record outside the commune", "GET", "/api/v1/citizens/" + outside.ID, "xa.thanhsen", nil, []string{outside.ID}},
		{"its history", "GET", "/api/v1/citizens/" + outside.ID + "/history", "xa.thanhsen", nil, []string{outside.ID}},
		{"by its number", "GET", "/api/v1/citizens/by-number/" + outside.IDNumber, "xa.thanhsen", nil, []string{outside.ID}},
		{"a change by an auditor", "PATCH", "/api/v1/citizens/" + e.citizens["hung"].ID, "kiem.toan",
			map[string]any{"reason": "x", "version": 1, "changes": map[string]string{"phone": "0912345678"}}, nil},
		{"the audit log by a commune officer", "GET", "/api/v1/audit/entries", "xa.thanhsen", nil, nil},
	} {
		before := len(e.audit.entries)
		wantStatus(t, e.do(tc.method, tc.path, tc.user, tc.body), 403)
		if len(e.audit.entries) != before+1 {
			t.Errorf("%s: %d audit entries for the refusal, want 1", tc.name, len(e.audit.entries)-before)
			continue
		}
		got := e.audit.last()
		if got.Action != audit.ActionDenied || got.Result != audit.ResultDenied || got.Username != tc.user ||
			got.Route == "" || !slices.Equal(got.CitizenIDs, tc.ids) || got.Confidential {
			t.Errorf("%s: entry %+v, want %s/%s by %s naming %v", tc.name, got, audit.ActionDenied, audit.ResultDenied, tc.user, tc.ids)
		}
	}
}

// TestInvestigatorAccessIsHiddenFromTheTracker protects the tracker's
// confidentiality rule: an investigation body's accesses (role
// investigator), read or refused, are recorded as confidential; the
// citizen's tracker leaves them out, auditors see them. Other officers'
// accesses, refusals included, stay in the tracker. On both engines.
func TestInvestigatorAccessIsHiddenFromTheTracker(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		withAuditLog(t, e)
		if _, err := e.auth.CreateUser(bg, "dieu.tra", "Cơ quan điều tra", auth.RoleInvestigator, "", testPassword); err != nil {
			t.Fatal(err)
		}
		token, _, err := e.auth.Login(bg, "dieu.tra", testPassword, "192.0.2.9")
		if err != nil {
			t.Fatal(err)
		}
		e.tokens["dieu.tra"] = token
		hung, hung2 := e.citizens["hung"], e.citizens["hung2"]

		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID, "dieu.tra", nil), 200)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID+"/history", "dieu.tra", nil), 200)
		wantStatus(t, e.do("PATCH", "/api/v1/citizens/"+hung.ID, "dieu.tra",
			map[string]any{"reason": "x", "version": 1, "changes": map[string]string{"phone": "0912345678"}}), 403)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung.ID, "xa.thanhsen", nil), 200)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung2.ID, "xa.thanhsen", nil), 403)

		tracker := func(id string) []audit.Access {
			tok, _, err := citizenauth.Issue(bg, e.db.AuditLog(), id, time.Hour, e.auth.Now())
			if err != nil {
				t.Fatal(err)
			}
			r := e.asCitizenToken("GET", "/api/v1/me/accesses", tok)
			wantStatus(t, r, 200)
			if strings.Contains(r.Body.String(), "điều tra") {
				t.Errorf("the tracker names the investigation body: %s", r.Body)
			}
			return decode[auditPage[audit.Access]](t, r).Items
		}
		if got := tracker(hung.ID); len(got) != 1 || got[0].Action != actRead || got[0].Who != "Cán bộ Công an Phường Thành Sen" {
			t.Errorf("hung's tracker: %+v, want only the commune officer's read", got)
		}
		if got := tracker(hung2.ID); len(got) != 1 || got[0].Action != audit.ActionDenied || got[0].Result != audit.ResultDenied {
			t.Errorf("hung2's tracker: %+v, want the refused attempt", got)
		}

		r := e.do("GET", "/api/v1/audit/entries?citizen_id="+hung.ID, "kiem.toan", nil)
		wantStatus(t, r, 200)
		confidential := 0
		for _, rec := range decode[auditPage[auditRecord]](t, r).Items {
			if rec.Username == "dieu.tra" {
				if !rec.Confidential {
					t.Errorf("the investigator's %s is not confidential", rec.Action)
				}
				confidential++
			}
		}
		if confidential != 2 {
			t.Errorf("auditors see %d of the investigator's 2 accesses to hung", confidential)
		}
	})
}
