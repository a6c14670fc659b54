package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestBrowserCivilForms drives a commune officer from a record to the
// civil-status procedures: the choice of procedures, the birth form
// prefilled with the parent, and a household adjustment received into the
// inbox (left undecided, so the shared register does not change); each
// page passes the accessibility check.
func TestBrowserCivilForms(t *testing.T) {
	f := getFixture(t)
	b := stepper{t: t, ctx: browser(t)}
	base := strings.Replace(f.srv.URL, "127.0.0.1", "localhost", 1)
	c := residentOf18073(t, f)

	b.do("log in", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "xa18073"), chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who")))
	b.do("the choice from the record", chromedp.Navigate(base+"/citizens/"+c.ID), chromedp.WaitVisible(css("#record")),
		chromedp.Click(css("#new-civil")), chromedp.WaitVisible(css("ul.kinds")), axeCheck(t, "civil-status procedures"))
	b.do("the birth form", chromedp.Click(css("a[href='/new-civil/civil.birth?citizen="+c.ID+"']")),
		chromedp.WaitVisible(css("#child_name")), shot(t, "40-civil-birth"), axeCheck(t, "birth form"))
	father, _ := chromedp.Run(b.ctx, chromedp.Value(css("#father")))
	mother, _ := chromedp.Run(b.ctx, chromedp.Value(css("#mother")))
	if father != c.IDNumber && mother != c.IDNumber {
		t.Errorf("the birth form is not prefilled with the parent: father %q mother %q", father, mother)
	}
	b.do("a household adjustment", chromedp.Navigate(base+"/new-civil/household.adjust?citizen="+c.ID),
		chromedp.WaitVisible(css("#relation_to_head")), axeCheck(t, "household form"),
		chromedp.Click(css("#file-civil")), chromedp.WaitVisible(css("#dossier-facts")), shot(t, "41-civil-dossier"))
	if got := b.text("#dossier-facts"); !strings.Contains(got, "Luật Cư trú 2020 Điều 26") || !strings.Contains(got, "Đã tiếp nhận") {
		t.Errorf("the dossier page: %.300s", got)
	}
}
