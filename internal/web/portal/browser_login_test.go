package portal_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserLoginWithVNeID logs in to the portal in Chromium with a
// level-2 VNeID account the demo created: the portal's button leads to
// dancu's own OpenID Connect provider, whose login and consent pages send
// the citizen back to the portal with a session of level 2.
func TestBrowserLoginWithVNeID(t *testing.T) {
	d := getDemo(t)
	if d.account == "" {
		t.Fatal("the demo printed no level-2 VNeID account")
	}
	b := stepper{t: t, ctx: browser(t)}
	b.do("the portal's login", chromedp.Navigate(d.base+"/portal/login"), chromedp.WaitVisible(css("#vneid-login")),
		chromedp.Click(css("#vneid-login")), chromedp.WaitVisible(css("#identifier")), shot(t, "portal-00-vneid-login"))
	b.do("log in at the provider", chromedp.SendKeys(css("#identifier"), d.account), chromedp.SendKeys(css("#password"), d.password),
		chromedp.Click(css("#login-submit")), chromedp.WaitVisible(css("#consent-approve")), shot(t, "portal-00-vneid-consent"))
	b.do("consent", chromedp.Click(css("#consent-approve")), chromedp.WaitVisible(css("ul.tiles")))
	if got := b.text("header .who"); !strings.Contains(got, "mức 2") {
		t.Fatalf("after the login the header reads %q", got)
	}
	b.do("own record", chromedp.Navigate(d.base+"/portal/record"), chromedp.WaitVisible(css("#residence")))
	if got := b.text("main"); !strings.Contains(got, d.account) {
		t.Fatalf("the record of the logged-in account does not show its number %s", d.account)
	}
}
