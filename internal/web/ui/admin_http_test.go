package ui_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"dancu/internal/auth"
)

// audited reports whether an entry with action and agency was recorded.
func (r *recorder) audited(action, agency string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, e := range r.entries {
		if e.Action == action && e.AgencyID == agency {
			return true
		}
	}
	return false
}

// TestAdminAccounts: an administrator disables, enables and resets the
// password of an account, each after a confirmation where destructive,
// each audited; the new password is shown once and logs in.
func TestAdminAccounts(t *testing.T) {
	f := getFixture(t)
	if _, err := f.auth.CreateUser(t.Context(), "ui.acct.test", "Thử", auth.RoleCommune, "18073", password); err != nil {
		t.Fatal(err)
	}
	s := login(t, f, "admin")
	for _, tc := range []struct{ confirm, action, audit, want string }{
		{"/admin/users/ui.acct.test/disable", "/admin/users/ui.acct.test/disable", "user.disable", ""},
		{"", "/admin/users/ui.acct.test/enable", "user.enable", ""},
		{"/admin/users/ui.acct.test/reset", "/admin/users/ui.acct.test/reset", "user.reset_password", `id="new-password"`},
	} {
		t.Run(tc.audit, func(t *testing.T) {
			if tc.confirm != "" {
				body, res := s.get(tc.confirm)
				if res.StatusCode != http.StatusOK || !strings.Contains(body, `action="`+tc.action+`"`) {
					t.Fatalf("confirmation page: status %d", res.StatusCode)
				}
			}
			if _, res := s.post(tc.action, url.Values{}); res.StatusCode != http.StatusForbidden {
				t.Errorf("without CSRF: status %d, want 403", res.StatusCode)
			}
			body, res := s.post(tc.action, url.Values{"_csrf": {s.csrf}})
			if res.StatusCode >= 400 || !strings.Contains(body, tc.want) {
				t.Fatalf("status %d", res.StatusCode)
			}
			if !f.audit.audited(tc.audit, "") {
				t.Errorf("no %s audit entry", tc.audit)
			}
			u, _ := f.auth.User(t.Context(), "ui.acct.test")
			if u.Disabled != (tc.audit == "user.disable") {
				t.Errorf("disabled = %v after %s", u.Disabled, tc.audit)
			}
			if tc.want != "" {
				pw := regexp.MustCompile(`id="new-password">([^<]+)<`).FindStringSubmatch(body)
				if pw == nil {
					t.Fatal("no new password shown")
				}
				if _, _, err := f.auth.Login(t.Context(), "ui.acct.test", pw[1], "127.0.0.1"); err != nil {
					t.Errorf("the shown password does not log in: %v", err)
				}
			}
		})
	}
	if _, res := login(t, f, "tinh42").get("/admin/users/ui.acct.test/disable"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a province officer's confirmation page: %d, want 403", res.StatusCode)
	}
}

// TestAdminAgencies: an administrator registers an agency (its secret is
// shown once), suspends it after a confirmation and reinstates it.
func TestAdminAgencies(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "admin")
	body, res := s.post("/admin/agencies", url.Values{"_csrf": {s.csrf}, "id": {"ui-test-bank"}, "name": {"Ngân hàng thử"},
		"legal_basis": {"Nghị định 69/2024/NĐ-CP"}, "purposes": {"kyc\nopen-account:consent"}, "fields": {"full_name", "birth_date"}, "rate": {"20"}})
	if res.StatusCode != http.StatusOK || !regexp.MustCompile(`id="client-secret">[^<]{16,}<`).MatchString(body) {
		t.Fatalf("create: status %d, or no secret shown:\n%s", res.StatusCode, body)
	}
	ag, err := f.db.Sharing().Agency(t.Context(), "ui-test-bank")
	if err != nil || len(ag.Purposes) != 2 || !ag.Purposes[1].ConsentRequired || len(ag.Fields) != 2 || ag.RatePerSec != 20 {
		t.Fatalf("stored agency %+v, %v", ag, err)
	}
	if body, _ = s.get("/admin/agencies"); !strings.Contains(body, "ui-test-bank") || strings.Contains(body, "client-secret") {
		t.Error("the list lacks the agency or shows the secret again")
	}
	if body, res = s.get("/admin/agencies/ui-test-bank/suspend"); res.StatusCode != http.StatusOK || !strings.Contains(body, `action="/admin/agencies/ui-test-bank/suspend"`) {
		t.Fatalf("confirmation: status %d", res.StatusCode)
	}
	for _, tc := range []struct{ action, audit, status string }{
		{"suspend", "agency.suspend", "suspended"},
		{"reinstate", "agency.reinstate", "active"},
	} {
		if _, res := s.post("/admin/agencies/ui-test-bank/"+tc.action, url.Values{}); res.StatusCode != http.StatusForbidden {
			t.Errorf("%s without CSRF: %d, want 403", tc.action, res.StatusCode)
		}
		if _, res := s.post("/admin/agencies/ui-test-bank/"+tc.action, url.Values{"_csrf": {s.csrf}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: status %d", tc.action, res.StatusCode)
		}
		if ag, _ := f.db.Sharing().Agency(t.Context(), "ui-test-bank"); string(ag.Status) != tc.status || !f.audit.audited(tc.audit, "ui-test-bank") {
			t.Errorf("after %s: status %s, audited %v", tc.action, ag.Status, f.audit.audited(tc.audit, "ui-test-bank"))
		}
	}
	if !f.audit.audited("agency.create", "ui-test-bank") {
		t.Error("no agency.create audit entry")
	}
}

// TestAdminRelyingParties: an administrator registers a relying party of
// the VNeID login (its secret shown once), is refused a level-2 scope
// without FAPI 2.0, and revokes it after a confirmation.
func TestAdminRelyingParties(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "admin")
	body, res := s.post("/admin/rps", url.Values{"_csrf": {s.csrf}, "id": {"ui-test-rp"}, "name": {"Cổng dịch vụ thử"},
		"legal_basis": {"NĐ 69/2024/NĐ-CP"}, "redirect_uris": {"https://rp.example/cb"}, "scopes": {"openid", "profile"}, "auth_method": {"client_secret_basic"}})
	if res.StatusCode != http.StatusOK || !regexp.MustCompile(`id="rp-secret">[^<]{16,}<`).MatchString(body) {
		t.Fatalf("create: status %d, or no secret shown:\n%s", res.StatusCode, body)
	}
	body, res = s.post("/admin/rps", url.Values{"_csrf": {s.csrf}, "id": {"ui-test-rp2"}, "name": {"Ngân hàng"},
		"legal_basis": {"NĐ 69/2024/NĐ-CP"}, "redirect_uris": {"https://rp.example/cb"}, "scopes": {"openid", "residence"}, "auth_method": {"client_secret_basic"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "FAPI") {
		t.Fatalf("level-2 scope without FAPI: %d", res.StatusCode)
	}
	if body, _ = s.get("/admin/rps"); !strings.Contains(body, "ui-test-rp") || strings.Contains(body, "rp-secret") {
		t.Error("the list lacks the relying party or shows the secret again")
	}
	if _, res := s.post("/admin/rps/ui-test-rp/revoke", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("revoke without CSRF: %d, want 403", res.StatusCode)
	}
	if _, res := s.post("/admin/rps/ui-test-rp/revoke", url.Values{"_csrf": {s.csrf}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("revoke: status %d", res.StatusCode)
	}
	if !f.audit.audited("rp.create", "ui-test-rp") || !f.audit.audited("rp.revoke", "ui-test-rp") {
		t.Error("no rp.create / rp.revoke audit entries")
	}
	if _, res := login(t, f, "tinh42").get("/admin/rps"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a province officer: %d, want 403", res.StatusCode)
	}
}
