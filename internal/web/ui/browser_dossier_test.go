package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"dancu/internal/registry"
)

// residentOf18073 is a living resident of commune 18073 with a
// registered permanent residence.
func residentOf18073(t *testing.T, f *fixture) registry.Citizen {
	t.Helper()
	ctx := context.Background()
	page, err := f.db.Citizens().Search(ctx, registry.Query{Unit: "18073", Limit: 50})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range page.Items {
		c, err := f.db.Citizens().Citizen(ctx, s.ID)
		if err == nil && c.Status == registry.Alive && c.Permanent.Registered() && c.IDNumber != "" {
			return c
		}
	}
	t.Fatal("no living resident of 18073 in the demo register")
	return registry.Citizen{}
}

// TestBrowserResidenceDossier drives a commune officer through a thường
// trú dossier: the form opened from the record (prefilled), received,
// found in the inbox by deadline, its approval refused for want of the
// proof of accommodation, the proof uploaded, approved, and the
// confirmation of residence and the record's residence history shown.
func TestBrowserResidenceDossier(t *testing.T) {
	f := getFixture(t)
	b := stepper{t: t, ctx: browser(t)}
	base := strings.Replace(f.srv.URL, "127.0.0.1", "localhost", 1)
	c := residentOf18073(t, f)
	pdf := filepath.Join(t.TempDir(), "so-do.pdf")
	if err := os.WriteFile(pdf, []byte("%PDF-1.4\n% giấy chứng nhận quyền sở hữu\n"), 0o600); err != nil {
		t.Fatal(err)
	}

	b.do("log in", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "xa18073"), chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who")))
	b.do("the form from the record", chromedp.Navigate(base+"/citizens/"+c.ID), chromedp.WaitVisible(css("#record")),
		chromedp.Click(css("#new-dossier")), chromedp.WaitVisible(css("form.dossier-form")), axeCheck(t, "dossier form"))
	if got, _ := chromedp.Run(b.ctx, chromedp.Value(css("#members"))); !strings.Contains(got, c.ID) {
		t.Fatalf("the form is not prefilled from the record: members %q", got)
	}
	b.do("fill a new household", chromedp.SetValue(css("#case"), "new_household"), chromedp.SetValue(css("#commune"), "18073"),
		chromedp.SetValue(css("#address"), "Số 9 ngõ 3 thôn Đông"), chromedp.SetValue(css("#head"), c.ID),
		chromedp.SetValue(css("#basis"), "owned"), shot(t, "30-dossier-form"))
	b.do("receive", chromedp.Click(css("#file-dossier")), chromedp.WaitVisible(css("#dossier-facts")),
		shot(t, "31-dossier"), axeCheck(t, "dossier"))
	loc, _ := chromedp.Run(b.ctx, chromedp.Location())
	id := loc[strings.LastIndex(loc, "/")+1:]

	b.do("the inbox by deadline", chromedp.Navigate(base+"/dossiers"), chromedp.WaitVisible(css("#inbox")),
		shot(t, "32-inbox"), axeCheck(t, "inbox"))
	if got := b.text("#inbox"); !strings.Contains(got, c.FullName) || !strings.Contains(got, "Đăng ký thường trú") {
		t.Fatalf("the inbox lacks the dossier: %.500s", got)
	}
	b.do("open it", chromedp.Click(css("#inbox a[href='/dossiers/"+id+"']")), chromedp.WaitVisible(css("#approve")))
	b.do("approve without the proof", chromedp.Click(css("#approve")), chromedp.WaitVisible(css("#dossier-error")),
		axeCheck(t, "dossier refusal"))
	if got := b.text("#dossier-error"); !strings.Contains(got, "accommodation") {
		t.Errorf("refusal: %q", got)
	}
	b.do("upload the proof", chromedp.SetValue(css("#doc-kind"), "accommodation_proof"),
		chromedp.SetUploadFiles(css("#doc-file"), []string{pdf}), chromedp.Click(css("form.upload button[type=submit]")),
		// The page before the upload has #approve too: wait for the list
		// the new page shows (on a quiet machine the read came mid-load).
		chromedp.WaitVisible(css("#documents li:not(.empty)")), chromedp.WaitVisible(css("#approve")))
	if got := b.text("#documents"); !strings.Contains(got, "so-do.pdf") {
		t.Fatalf("documents after the upload: %q", got)
	}
	b.do("approve", chromedp.Click(css("#approve")), chromedp.WaitVisible(css("#result-link")), shot(t, "33-approved"))
	if got := b.text("#dossier-state"); !strings.Contains(got, "Đã duyệt") {
		t.Fatalf("state after approval: %q", got)
	}
	b.do("the confirmation of residence", chromedp.Click(css("#result-link")), chromedp.WaitVisible(css(".confirmation")),
		shot(t, "34-confirmation"), axeCheck(t, "confirmation"))
	if got := b.text("main"); !strings.Contains(got, "Giấy xác nhận thông tin về cư trú") || !strings.Contains(got, "Số 9 ngõ 3 thôn Đông") {
		t.Errorf("confirmation: %.500s", got)
	}
	b.do("the receipt", chromedp.Navigate(base+"/dossiers/"+id+"/receipt"), chromedp.WaitVisible(css("#receipt-due")), axeCheck(t, "dossier receipt"))
	b.do("the residence history", chromedp.Navigate(base+"/citizens/"+c.ID+"/residence"), chromedp.WaitVisible(css("#residence-history")),
		shot(t, "35-residence"), axeCheck(t, "residence history"))
	if got := b.text("#residence-history"); !strings.Contains(got, "residence.permanent") {
		t.Errorf("residence history lacks the procedure: %.500s", got)
	}
	if !f.audit.has("citizen.residence", c.ID) {
		t.Error("the residence history read is not audited")
	}
}
