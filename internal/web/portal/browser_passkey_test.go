package portal_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/webauthn"
	"github.com/chromedp/chromedp"

	"dancu/internal/audit"
	"dancu/internal/eid"
	"dancu/internal/web/portal"
)

// TestBrowserPasskeys drives the real pages in Chromium with a virtual
// authenticator (the DevTools protocol's WebAuthn domain): a citizen logs
// in to the portal through the provider with their password, registers a
// passkey on the portal's passkeys page and logs out; then logs in on the
// provider's login page with the passkey alone (level 2, amr hwk); then
// with the password, which now asks the passkey as second factor (amr
// pwd and hwk); then removes it. A level-1 account's passkey alone is
// refused on the provider's page. A session whose login is an hour old
// is sent to the provider's login page when it tries to add a passkey,
// and back to the passkeys page, where the fresh login adds it.
func TestBrowserPasskeys(t *testing.T) {
	d := getDemo(t)
	t.Run("level 2: register, passkey alone, password and passkey, remove", func(t *testing.T) {
		acc := d.nthAccount(t, eid.Level2, 1) // the first one is the other tests' password login
		b := passkeyBrowser(t, d)
		b.portalPasswordLogin(d, acc)
		b.registerPasskey(d, "Điện thoại thử nghiệm")
		b.do("passkeys page checks", shot(t, "portal-passkeys"), axeCheck(t, "passkeys"))
		b.logout()

		b.do("the provider's login page", chromedp.Click(css("#vneid-login")), chromedp.WaitVisible(css("#passkey-start")),
			shot(t, "oidc-login-passkey"), axeCheck(t, "provider login with passkey"))
		b.do("log in with the passkey alone", chromedp.Click(css("#passkey-start")))
		b.reachPortal()
		if got := b.text("header .who"); !strings.Contains(got, "mức 2") {
			t.Fatalf("after the passkey login the header reads %q", got)
		}
		b.lastLogin(d, acc, "hwk")
		b.logout()

		b.do("password again", chromedp.Click(css("#vneid-login")), chromedp.WaitVisible(css("#identifier")),
			chromedp.SendKeys(css("#identifier"), acc.idNumber), chromedp.SendKeys(css("#password"), acc.password),
			chromedp.Click(css("#login-submit")), chromedp.WaitVisible(css("#second-factor")),
			shot(t, "oidc-login-second-factor"), axeCheck(t, "provider second factor"))
		b.do("confirm with the passkey", chromedp.Click(css("#passkey-start")))
		b.reachPortal()
		b.lastLogin(d, acc, "pwd", "hwk")
		b.do("the tracker", chromedp.Navigate(d.base+"/portal/tracker"), chromedp.WaitVisible(css("ol.accesses")))
		if got := b.text("ol.accesses"); !strings.Contains(got, "Đăng nhập tài khoản định danh điện tử") || !strings.Contains(got, "mật khẩu, khóa truy cập") {
			t.Fatalf("the tracker does not show the password and passkey login:\n%.1500s", got)
		}

		b.do("remove the passkey", chromedp.Navigate(d.base+"/portal/passkeys"), chromedp.WaitVisible(css("#passkey-list")),
			chromedp.Click(css(`form[action="/portal/passkeys/remove"] button`)), chromedp.WaitVisible(css("#passkey-none")))
		b.logout()
		b.portalPasswordLogin(d, acc) // no passkey left: the password alone again
	})
	t.Run("an hour-old login logs in again before adding a passkey", func(t *testing.T) {
		acc := d.nthAccount(t, eid.Level1, 1)
		c, err := d.db.Citizens().CitizenByIDNumber(context.Background(), acc.idNumber)
		if err != nil {
			t.Fatal(err)
		}
		token, err := d.sessions.Create(portal.Session{CitizenID: c.ID, AccountID: "oidc:old", Level: eid.Level1, Name: c.FullName,
			AuthTime: time.Now().Add(-time.Hour)})
		if err != nil {
			t.Fatal(err)
		}
		b := passkeyBrowser(t, d)
		b.do("add a passkey on the old session", loggedIn(d.base, token), chromedp.Navigate(d.base+"/portal/passkeys"),
			chromedp.WaitVisible(css("#passkey-name")), chromedp.SendKeys(css("#passkey-name"), "Máy tính bảng"),
			chromedp.Click(css("#passkey-register")), chromedp.WaitVisible(css("#identifier")),
			shot(t, "oidc-login-again"), axeCheck(t, "provider login asked again"))
		if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.Contains(loc, "/oidc/login") {
			t.Fatalf("the refused registration went to %s, not the provider's login", loc)
		}
		b.do("log in again", chromedp.SendKeys(css("#identifier"), acc.idNumber), chromedp.SendKeys(css("#password"), acc.password),
			chromedp.Click(css("#login-submit")))
		b.reach("#passkey-add")
		if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.HasSuffix(loc, "/portal/passkeys") {
			t.Fatalf("after logging in again the browser is at %s, not the passkeys page", loc)
		}
		b.registerPasskey(d, "Máy tính bảng")
		b.do("remove it", chromedp.Click(css(`form[action="/portal/passkeys/remove"] button`)), chromedp.WaitVisible(css("#passkey-none")))
	})
	t.Run("level 1: a passkey alone is refused", func(t *testing.T) {
		acc := d.nthAccount(t, eid.Level1, 0)
		b := passkeyBrowser(t, d)
		b.portalPasswordLogin(d, acc)
		b.registerPasskey(d, "Máy tính")
		b.logout()
		b.do("try the passkey alone", chromedp.Click(css("#vneid-login")), chromedp.WaitVisible(css("#passkey-start")),
			chromedp.Click(css("#passkey-start")), chromedp.WaitVisible(css("#login-error")))
		if got := b.text("#login-error"); !strings.Contains(got, "mức độ 2") {
			t.Fatalf("a level-1 passkey login shows %q", got)
		}
		if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); !strings.Contains(loc, "/oidc/login") {
			t.Fatalf("a level-1 passkey login went on to %s", loc)
		}
	})
}

type passkeyStepper struct{ stepper }

// passkeyBrowser is a Chromium with a virtual authenticator that holds
// discoverable credentials and verifies its user.
func passkeyBrowser(t *testing.T, d *demo) passkeyStepper {
	b := passkeyStepper{stepper{t: t, ctx: browser(t)}}
	b.do("the portal, and a virtual authenticator", chromedp.Navigate(d.base+"/portal/login"), chromedp.WaitVisible(css("#vneid-login")),
		chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
			if _, err := cdp.Call(ctx, tg, webauthn.Enable, webauthn.EnableParams{}); err != nil {
				return err
			}
			_, err := cdp.Call(ctx, tg, webauthn.AddVirtualAuthenticator, webauthn.AddVirtualAuthenticatorParams{Options: &webauthn.VirtualAuthenticatorOptions{
				Protocol: webauthn.AuthenticatorProtocolCtap2, Transport: webauthn.AuthenticatorTransportInternal,
				HasResidentKey: true, HasUserVerification: true, IsUserVerified: true, AutomaticPresenceSimulation: true}})
			return err
		}))
	return b
}

// portalPasswordLogin logs in from the portal's login page with the
// account's password, through the provider, to the portal's home.
func (b passkeyStepper) portalPasswordLogin(d *demo, acc demoLogin) {
	b.t.Helper()
	b.do("password login", chromedp.Navigate(d.base+"/portal/login"), chromedp.WaitVisible(css("#vneid-login")),
		chromedp.Click(css("#vneid-login")), chromedp.WaitVisible(css("#identifier")),
		chromedp.SendKeys(css("#identifier"), acc.idNumber), chromedp.SendKeys(css("#password"), acc.password),
		chromedp.Click(css("#login-submit")))
	b.reachPortal()
}

// reachPortal approves the consent page when it shows, and waits for the
// portal's home.
func (b passkeyStepper) reachPortal() {
	b.t.Helper()
	b.reach("ul.tiles")
}

// reach approves the consent page when it shows, and waits for the
// portal's page that has an element sel.
func (b passkeyStepper) reach(sel string) {
	b.t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		ctx, cancel := context.WithTimeout(b.ctx, 2*time.Second) // an evaluation may wait out a navigation
		state, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+strconv.Quote(sel)+`) ? "there" :
			document.querySelector("#consent-approve") ? "consent" : document.querySelector("#login-error") ? "error" : ""`))
		cancel()
		switch state {
		case "there":
			return
		case "consent":
			b.do("consent", chromedp.Click(css("#consent-approve")))
		case "error":
			b.t.Fatalf("the login was refused: %s", b.text("#login-error"))
		}
	}
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	body, _ := chromedp.Run(b.ctx, chromedp.Text(css("body")))
	b.t.Fatalf("the browser did not reach the portal; at %s:\n%.1500s", loc, body)
}

// registerPasskey adds a passkey on the portal's page.
func (b passkeyStepper) registerPasskey(d *demo, name string) {
	b.t.Helper()
	b.do("register a passkey", chromedp.Navigate(d.base+"/portal/passkeys"), chromedp.WaitVisible(css("#passkey-name")),
		chromedp.SendKeys(css("#passkey-name"), name), chromedp.Click(css("#passkey-register")),
		chromedp.WaitVisible(css("#passkeys-done")))
	if got := b.text("#passkey-list"); !strings.Contains(got, name) {
		b.t.Fatalf("the registered passkey %q is not listed: %q", name, got)
	}
}

func (b passkeyStepper) logout() {
	b.t.Helper()
	b.do("log out", chromedp.Click(css(`form[action="/portal/logout"] button`)), chromedp.WaitVisible(css("#vneid-login")))
}

// lastLogin checks the newest audited login of the account's citizen
// was by methods (the amr the provider puts in the id_token).
func (b passkeyStepper) lastLogin(d *demo, acc demoLogin, methods ...string) {
	b.t.Helper()
	ctx := context.Background()
	c, err := d.db.Citizens().CitizenByIDNumber(ctx, acc.idNumber)
	if err != nil {
		b.t.Fatal(err)
	}
	recs, err := d.db.AuditLog().AuditEntries(ctx, audit.Filter{CitizenID: c.ID, Limit: 50})
	if err != nil {
		b.t.Fatal(err)
	}
	for _, r := range recs {
		if r.Entry.Action == eid.ActionLogin && r.Entry.Result == "ok" {
			if !slices.Equal(r.Entry.Fields, methods) {
				b.t.Fatalf("the newest login of %s was by %v; want %v", acc.idNumber, r.Entry.Fields, methods)
			}
			return
		}
	}
	b.t.Fatalf("no audited login of %s", acc.idNumber)
}
