package ui_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"dancu/internal/registry"
)

// session is a logged-in officer talking to the UI over HTTP. Go's cookie
// jar never sends Secure cookies over plain HTTP, so the session cookie is
// carried by hand (a browser accepts it on 127.0.0.1, see browser_test.go).
type session struct {
	t      *testing.T
	base   string
	cookie string
	csrf   string
}

var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func login(t *testing.T, f *fixture, username string) *session {
	t.Helper()
	res, err := noRedirect.PostForm(f.srv.URL+"/login", url.Values{"username": {username}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	s := &session{t: t, base: f.srv.URL}
	for _, c := range res.Cookies() {
		if c.Name == "dancu_session" {
			s.cookie = c.Value
		}
	}
	if s.cookie == "" {
		t.Fatal("login set no session cookie")
	}
	body, _ := s.get("/citizens")
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(body)
	if m == nil {
		t.Fatal("no CSRF token on the search page")
	}
	s.csrf = m[1]
	return s
}

func (s *session) do(req *http.Request) (string, *http.Response) {
	s.t.Helper()
	req.AddCookie(&http.Cookie{Name: "dancu_session", Value: s.cookie})
	res, err := noRedirect.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b), res
}

func (s *session) get(path string) (string, *http.Response) {
	req, _ := http.NewRequest("GET", s.base+path, nil)
	return s.do(req)
}

func (s *session) post(path string, form url.Values) (string, *http.Response) {
	req, _ := http.NewRequest("POST", s.base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return s.do(req)
}

func TestSecurityHeaders(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	_, res := s.get("/citizens")
	want := map[string]string{
		"Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:",
		"X-Content-Type-Options":  "nosniff",
		"Referrer-Policy":         "no-referrer",
		"Cache-Control":           "no-store",
		"X-Frame-Options":         "DENY",
	}
	for h, v := range want {
		if got := res.Header.Get(h); !strings.HasPrefix(got, v) {
			t.Errorf("%s = %q, want prefix %q", h, got, v)
		}
	}
	if csp := res.Header.Get("Content-Security-Policy"); strings.Contains(csp, "unsafe-inline") || !strings.Contains(csp, "frame-ancestors 'none'") || !strings.Contains(csp, "form-action 'self'") {
		t.Errorf("CSP not strict: %s", csp)
	}
	// The session cookie is Secure, HttpOnly and SameSite=Strict.
	res2, err := noRedirect.PostForm(f.srv.URL+"/login", url.Values{"username": {"tinh42"}, "password": {password}})
	if err != nil {
		t.Fatal(err)
	}
	res2.Body.Close()
	set := res2.Header.Get("Set-Cookie")
	for _, attr := range []string{"HttpOnly", "Secure", "SameSite=Strict", "Path=/"} {
		if !strings.Contains(set, attr) {
			t.Errorf("session cookie lacks %s: %s", attr, set)
		}
	}
}

func TestPagesNeedSessionAndCSRF(t *testing.T) {
	f := getFixture(t)
	for _, path := range []string{"/citizens", "/dashboard", "/intake", "/applications", "/cleaning", "/admin"} {
		res, err := noRedirect.Get(f.srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/login") {
			t.Errorf("GET %s without session: %d %s", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	s := login(t, f, "tinh42")
	if _, res := s.post("/citizens/search", url.Values{"q": {"nguyen"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("search without CSRF token: %d, want 403", res.StatusCode)
	}
	if _, res := s.post("/citizens/search", url.Values{"q": {"nguyen"}, "_csrf": {s.csrf + "x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("search with a wrong CSRF token: %d, want 403", res.StatusCode)
	}
	// A cross-site form post is refused before any handler runs.
	req, _ := http.NewRequest("POST", f.srv.URL+"/login", strings.NewReader("username=tinh42&password=x"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	res, err := noRedirect.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site login post: %d, want 403", res.StatusCode)
	}
}

func TestSearchJurisdictionAndAudit(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "xa18073")
	body, res := s.post("/citizens/search", url.Values{"q": {"nguyen van"}, "_csrf": {s.csrf}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search: %d\n%s", res.StatusCode, body)
	}
	ids := regexp.MustCompile(`href="/citizens/([0-9a-f-]{36})"`).FindAllStringSubmatch(body, -1)
	if len(ids) == 0 || !strings.Contains(body, "Nguyễn Văn") {
		t.Fatalf("no accented result for \"nguyen van\":\n%s", body)
	}
	for _, m := range ids {
		z, err := f.db.Citizens().Citizen(context.Background(), m[1])
		if err != nil {
			t.Fatal(err)
		}
		if z.Permanent.Commune != "18073" {
			t.Errorf("commune officer sees %s of commune %s", m[1], z.Permanent.Commune)
		}
	}
	if !f.audit.has("citizen.search", ids[0][1]) {
		t.Error("search results not audited")
	}
	// A record outside the commune is refused.
	page, err := f.db.Citizens().Search(context.Background(), registry.Query{Unit: "42", Limit: 200})
	if err != nil {
		t.Fatal(err)
	}
	for _, it := range page.Items {
		if it.Commune != "18073" {
			if body, res := s.get("/citizens/" + it.ID); res.StatusCode != http.StatusForbidden {
				t.Errorf("record outside jurisdiction: %d\n%s", res.StatusCode, body)
			}
			break
		}
	}
}

func TestEditNeedsReasonAndMakesVersion(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	page, err := f.db.Citizens().Search(context.Background(), registry.Query{Unit: "42", Name: "tran", Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no citizen to edit: %v", err)
	}
	z, err := f.db.Citizens().Citizen(context.Background(), page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	form := url.Values{"_csrf": {s.csrf}, "version": {itoa(z.Version)}, "full_name": {z.FullName}, "status": {string(z.Status)},
		"phone": {"0912 345 678"}, "email": {"not-an-email"}, "marital_status": {z.MaritalStatus}, "blood_type": {z.BloodType},
		"death_date": {""}, "address": {z.Permanent.Address}}
	body, res := s.post("/citizens/"+z.ID+"/edit", form)
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="reason-error"`) || !strings.Contains(body, `id="email-error"`) {
		t.Fatalf("edit without reason: %d; want errors next to reason and email\n%s", res.StatusCode, body)
	}
	form.Set("email", "")
	form.Set("reason", "Công dân cung cấp số điện thoại mới")
	if body, res = s.post("/citizens/"+z.ID+"/edit", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit with reason: %d\n%s", res.StatusCode, body)
	}
	body, _ = s.get("/citizens/" + z.ID)
	if !strings.Contains(body, "0912345678") || !strings.Contains(body, "Công dân cung cấp số điện thoại mới") {
		t.Fatalf("new version not in the history:\n%s", body)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestExports(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, res := s.get("/dashboard/export?unit=42&format=csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("CSV export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if lines := strings.Count(body, "\n"); lines < 10 || !strings.Contains(body, "Mã,Đơn vị") {
		t.Errorf("CSV export has %d lines:\n%.300s", lines, body)
	}
	body, res = s.get("/applications/export?format=xlsx")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(body, "PK") {
		t.Fatalf("XLSX export: %d, starts %q", res.StatusCode, body[:min(4, len(body))])
	}
	if _, res = s.get("/dashboard?unit=01"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a province officer's dashboard of another province: %d, want 403", res.StatusCode)
	}
}
