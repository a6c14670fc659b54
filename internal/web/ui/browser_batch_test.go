package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dancu/internal/registry"
)

// residentsOf18073 are living residents of commune 18073 with a
// registered permanent residence and an ID number, after the first
// (which other tests use).
func residentsOf18073(t *testing.T, f *fixture, n int) []registry.Citizen {
	t.Helper()
	ctx := context.Background()
	page, err := f.db.Citizens().Search(ctx, registry.Query{Unit: "18073", Limit: 100})
	if err != nil {
		t.Fatal(err)
	}
	var out []registry.Citizen
	for _, s := range page.Items {
		c, err := f.db.Citizens().Citizen(ctx, s.ID)
		if err == nil && c.Status == registry.Alive && c.Permanent.Registered() && c.IDNumber != "" {
			out = append(out, c)
		}
	}
	if len(out) < n+1 {
		t.Fatalf("%d living residents of 18073 in the demo register, need %d", len(out), n+1)
	}
	return out[1 : n+1]
}

// fileDossier files a dossier at the desk through the web form and
// returns its id.
func fileDossier(t *testing.T, s *session, kind string, form url.Values) string {
	t.Helper()
	form.Set("_csrf", s.csrf)
	body, res := s.post("/new-dossier/"+kind, form)
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/dossiers/") {
		t.Fatalf("file %s: status %d: %s", kind, res.StatusCode, alertOf(body))
	}
	return strings.TrimPrefix(loc, "/dossiers/")
}

// TestBrowserBatchApproval: an officer ticks dossiers in the inbox and
// approves them at once; each comes back with its own outcome — two
// approved, one refused for want of the proof of accommodation, and a
// deletion refused because its preparer cannot approve it
// (maker-checker) — and only the approved ones leave the open inbox.
func TestBrowserBatchApproval(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "xa18073")
	people := residentsOf18073(t, f, 4)
	home := func(c registry.Citizen, proof string) url.Values {
		return url.Values{"case": {"new_household"}, "members": {c.ID}, "commune": {"18073"}, "address": {"Số " + c.IDNumber[8:] + " thôn Tây"},
			"head": {c.ID}, "basis": {"owned"}, "lookup_ref": {proof}, "full_name": {c.FullName}, "id_number": {c.IDNumber}, "relation": {"self"}}
	}
	ok1 := fileDossier(t, s, "residence.permanent", home(people[0], "GCN 11"))
	ok2 := fileDossier(t, s, "residence.permanent", home(people[1], "GCN 12"))
	noProof := fileDossier(t, s, "residence.permanent", home(people[2], ""))
	deletion := fileDossier(t, s, "residence.permanent_deletion", url.Values{"citizen_id": {people[3].ID}, "ground": {"emigrated"},
		"decision": {"Thông báo XNC 7/2026"}, "full_name": {people[3].FullName}, "id_number": {people[3].IDNumber}, "relation": {"self"}})

	b := stepper{t: t, ctx: browser(t)}
	base := strings.Replace(f.srv.URL, "127.0.0.1", "localhost", 1)
	b.do("log in", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "xa18073"), chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who")))
	b.do("the inbox", chromedp.Navigate(base+"/dossiers"), chromedp.WaitVisible(css("#approve-selected")), axeCheck(t, "inbox with selection"))
	var ticks []chromedp.Action[chromedp.Void]
	for _, id := range []string{ok1, noProof, deletion, ok2} {
		ticks = append(ticks, chromedp.Click(css("#pick-"+id)))
	}
	b.do("tick four dossiers", ticks...)
	b.do("approve the selection", chromedp.Click(css("#approve-selected")), chromedp.WaitVisible(css("#batch-result")),
		shot(t, "36-batch-approval"), axeCheck(t, "batch approval result"))
	got := b.text("#batch-result")
	line := func(id string) string {
		for _, l := range strings.Split(got, "\n") {
			if strings.Contains(l, id) {
				return l
			}
		}
		return ""
	}
	for _, w := range []struct{ id, want string }{
		{ok1, "Đã duyệt"}, {ok2, "Đã duyệt"},
		{noProof, "accommodation"}, {deletion, "second officer"},
	} {
		if l := line(w.id); !strings.Contains(l, w.want) {
			t.Errorf("outcome of %s: %q, want %q in: %s", w.id, l, w.want, got)
		}
	}
	if l := line(noProof); !strings.Contains(l, "Không duyệt được") {
		t.Errorf("a refused dossier shows as %q", l)
	}
	inbox := b.text("#inbox")
	for id, open := range map[string]bool{ok1: false, ok2: false, noProof: true, deletion: true} {
		if has, _ := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.getElementById("pick-`+id+`") !== null`)); has != open {
			t.Errorf("dossier %s open in the inbox: %v, want %v (%.300s)", id, has, open, inbox)
		}
	}
}

// alertOf is the form's error message in a page, or the page's start.
func alertOf(body string) string {
	if i := strings.Index(body, `role="alert"`); i >= 0 {
		return body[i:min(len(body), i+400)]
	}
	return body[:min(len(body), 400)]
}
