package portal_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/audit"
	"dancu/internal/eid"
	"dancu/internal/web/idpweb"
	"dancu/internal/web/portal"
)

// plainJar keeps the portal's and the provider's cookies over the test
// server's http://localhost, as a browser does for localhost: Go's jar
// would not send a Secure cookie over http.
type plainJar struct{ *cookiejar.Jar }

func (j plainJar) SetCookies(u *url.URL, cs []*http.Cookie) {
	for _, c := range cs {
		c.Secure = false
	}
	j.Jar.SetCookies(u, cs)
}

// TestStaleSessionLogsInAgainToChangePasskeys: a portal session whose
// login is an hour old may not begin a passkey registration nor remove a
// passkey (eid.RecentLogin); the refusals are audited, and the portal
// sends the citizen through a login that asks the provider for max_age=0
// and prompt=login, and back to the passkeys page, where the new
// session's fresh login may begin the registration.
func TestStaleSessionLogsInAgainToChangePasskeys(t *testing.T) {
	d := getDemo(t)
	ctx := context.Background()
	acc := d.nthAccount(t, eid.Level1, 1)     // the browser's re-login uses it too, and removes its passkey
	began := time.Now().Truncate(time.Second) // entries may keep whole seconds
	c, err := d.db.Citizens().CitizenByIDNumber(ctx, acc.idNumber)
	if err != nil {
		t.Fatal(err)
	}
	stale, err := d.sessions.Create(portal.Session{CitizenID: c.ID, AccountID: "oidc:test", Level: eid.Level1, Name: c.FullName,
		AuthTime: time.Now().Add(-time.Hour)})
	if err != nil {
		t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	var hops []*url.URL
	b := &http.Client{Jar: plainJar{jar}, Timeout: 20 * time.Second, CheckRedirect: func(req *http.Request, _ []*http.Request) error {
		hops = append(hops, req.URL)
		return nil
	}}
	base, _ := url.Parse(d.base + portal.Prefix + "/")
	b.Jar.SetCookies(base, []*http.Cookie{{Name: "dancu_portal", Value: stale, Path: portal.Prefix + "/"}})
	csrf := func() string {
		t.Helper()
		res, err := b.Get(d.base + "/portal/passkeys")
		if err != nil {
			t.Fatal(err)
		}
		m := csrfRe.FindStringSubmatch(body(t, res))
		if m == nil || res.Request.URL.Path != "/portal/passkeys" {
			t.Fatalf("no passkeys page at %s", res.Request.URL)
		}
		return m[1]
	}
	token := csrf()
	fresh := "/portal/login/fresh?" + url.Values{"next": {"/portal/passkeys"}}.Encode()

	res, err := b.PostForm(d.base+"/portal/passkeys/options", url.Values{"_csrf": {token}})
	if err != nil {
		t.Fatal(err)
	}
	var answer struct{ Error, Login string }
	if err := json.NewDecoder(res.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusUnauthorized || answer.Login != fresh || !strings.Contains(answer.Error, "đăng nhập lại") {
		t.Fatalf("options on a stale session: %d %+v", res.StatusCode, answer)
	}

	hops = nil
	res, err = b.PostForm(d.base+"/portal/passkeys/remove", url.Values{"_csrf": {token}, "id": {"any"}})
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, res)
	if len(hops) == 0 || hops[0].RequestURI() != fresh {
		t.Fatalf("a removal on a stale session went to %v, not the fresh login", hops)
	}
	var authorize *url.URL
	for _, h := range hops {
		if h.Path == idpweb.PathAuthorize {
			authorize = h
		}
	}
	if authorize == nil || authorize.Query().Get("max_age") != "0" || authorize.Query().Get("prompt") != "login" {
		t.Fatalf("the fresh login's authorization request %v lacks max_age=0 and prompt=login", authorize)
	}
	if !strings.Contains(page, `name="password"`) {
		t.Fatalf("the fresh login did not show the provider's login page (at %s)", res.Request.URL)
	}

	recs, err := d.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: c.ID, Limit: 20})
	if err != nil {
		t.Fatal(err)
	}
	denied := 0
	for _, r := range recs {
		if r.Entry.Action == eid.ActionPasskey && r.Entry.Result == audit.ResultDenied && slices.Equal(r.Entry.Fields, []string{"stale_login"}) &&
			!r.Entry.Time.Before(began) {
			denied++
		}
	}
	if denied != 2 {
		t.Fatalf("%d audited refusals on the stale login, want 2 (options and removal)", denied)
	}

	// The citizen logs in again and comes back to the passkeys page.
	form := fields(t, page)
	form.Set("identifier", acc.idNumber)
	form.Set("password", acc.password)
	res, err = b.PostForm(d.base+idpweb.PathLogin, form)
	if err != nil {
		t.Fatal(err)
	}
	page = body(t, res)
	if strings.Contains(page, `name="decision"`) {
		form = fields(t, page)
		form.Set("decision", "approve")
		if res, err = b.PostForm(d.base+idpweb.PathConsent, form); err != nil {
			t.Fatal(err)
		}
		body(t, res)
	}
	if res.Request.URL.Path != "/portal/passkeys" {
		t.Fatalf("after the fresh login the browser is at %s", res.Request.URL)
	}
	if _, err := d.sessions.Get(stale); err == nil {
		t.Error("the stale session outlived the fresh login")
	}
	res, err = b.PostForm(d.base+"/portal/passkeys/options", url.Values{"_csrf": {csrf()}})
	if err != nil {
		t.Fatal(err)
	}
	var start eid.CeremonyStart
	if err := json.NewDecoder(res.Body).Decode(&start); err != nil || res.StatusCode != http.StatusOK || start.CeremonyID == "" {
		t.Fatalf("options after the fresh login: %d %v", res.StatusCode, err)
	}
	res.Body.Close()
}
