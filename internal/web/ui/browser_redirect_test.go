package ui_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// offSiteTargets are redirect targets that a browser, which strips tabs
// and newlines and reads a backslash as a slash, resolves to another host.
func offSiteTargets(host string) []string {
	return []string{"/\t/" + host + "/x", "/\n/" + host + "/x", `/\` + host + "/x", "//" + host + "/x"}
}

// TestRedirectTargetsStayOnSite protects the language switch's back and
// the login's next from sending an officer to another site: each answers
// with a Location on this site, whatever the target.
func TestRedirectTargetsStayOnSite(t *testing.T) {
	f := getFixture(t)
	for _, target := range offSiteTargets("evil.example") {
		res, err := noRedirect.Get(f.srv.URL + "/lang/en?back=" + url.QueryEscape(target))
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("/lang/en?back=%q: %d Location %q, want 303 to /", target, res.StatusCode, loc)
		}
		res, err = noRedirect.PostForm(f.srv.URL+"/login", url.Values{"username": {"tinh42"}, "password": {password}, "next": {target}})
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != "/" {
			t.Errorf("login with next=%q: %d Location %q, want 303 to /", target, res.StatusCode, loc)
		}
	}
}

// TestBrowserRedirectsStayOnSite replays the reported open redirect in
// headless Chromium: the language switch with back=/<TAB>/host/x and a
// login with next=/<TAB>/host/x, where host is a second server that
// counts its visitors. The browser must stay on the site and the other
// server must see no one.
func TestBrowserRedirectsStayOnSite(t *testing.T) {
	f := getFixture(t)
	b := stepper{t: t, ctx: browser(t)}
	var visits atomic.Int64
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		visits.Add(1)
		w.Write([]byte("<!doctype html><title>evil</title><h1>evil</h1>"))
	}))
	defer evil.Close()
	host := strings.TrimPrefix(evil.URL, "http://")
	base := strings.Replace(f.srv.URL, "127.0.0.1", "localhost", 1)
	stayed := func(step string) {
		t.Helper()
		loc, err := chromedp.Run(b.ctx, chromedp.Location())
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		if !strings.HasPrefix(loc, base+"/") || visits.Load() != 0 {
			t.Fatalf("%s: the browser is at %s and the other site had %d visits", step, loc, visits.Load())
		}
	}
	target := offSiteTargets(host)[0]
	b.do("language switch", chromedp.Navigate(base+"/lang/en?back="+url.QueryEscape(target)), chromedp.WaitReady(css("body")))
	stayed("language switch with back=" + target)
	b.do("login page", chromedp.Navigate(base+"/login?next="+url.QueryEscape(target)), chromedp.WaitVisible(css("#username")))
	b.do("log in", chromedp.SendKeys(css("#username"), "tinh42"), chromedp.SendKeys(css("#password"), password),
		// The officer's name in the header on the site, or the other
		// site's heading: whichever page the login leads to.
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who, body > h1")))
	stayed("login with next=" + target)
}
