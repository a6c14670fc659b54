package portal_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dancu/internal/audit"
	"dancu/internal/web/portal"
)

// TestBrowserCitizenPages drives the portal on a phone-sized screen as a
// card holder of the demo: the login page, the start page, the record,
// the cards, the data tracker, a correction request with its error and
// its dossier, and the English switch; axe-core checks every page.
func TestBrowserCitizenPages(t *testing.T) {
	d := getDemo(t)
	b := stepper{t: t, ctx: browser(t)}
	b.do("login page", chromedp.Navigate(d.base+"/portal/login"), chromedp.WaitVisible(css("main h1")),
		shot(t, "portal-01-login"), axeCheck(t, "login"))

	token, err := d.sessions.Create(portal.Session{CitizenID: d.holder.ID, AccountID: "demo-account", Level: 2, Name: d.holder.FullName})
	if err != nil {
		t.Fatal(err)
	}
	b.do("start page", loggedIn(d.base, token), chromedp.Navigate(d.base+"/portal/"), chromedp.WaitVisible(css("ul.tiles")),
		shot(t, "portal-02-home"), axeCheck(t, "home"))
	if got := b.text("main h1"); !strings.Contains(got, d.holder.FullName) {
		t.Fatalf("the start page greets %q", got)
	}
	b.do("record", chromedp.Click(css("ul.tiles a[href='/portal/record']")), chromedp.WaitVisible(css("#residence")),
		shot(t, "portal-03-record"), axeCheck(t, "record"))
	if got := b.text("main"); !strings.Contains(got, d.holder.IDNumber) || !strings.Contains(got, "hiện tại") {
		t.Fatalf("the record page: %.500s", got)
	}
	b.do("cards", chromedp.Navigate(d.base+"/portal/cards"), chromedp.WaitVisible(css("ul.cardlist")),
		shot(t, "portal-04-cards"), axeCheck(t, "cards"))
	if got := b.text("ul.cardlist"); !strings.Contains(got, "Đang sử dụng") {
		t.Errorf("the active card is not shown: %q", got)
	}
	// An officer's read and an investigator's (confidential) one.
	for _, e := range []audit.Entry{
		{Role: "commune", Unit: d.holder.Permanent.Commune, Username: "xa.canbo", Action: "citizen.read", Purpose: "kiểm tra thông tin khi tiếp nhận hồ sơ"},
		{Role: "investigator", Username: "dieu.tra", Action: "citizen.read", Confidential: true, Purpose: "điều tra vụ án"},
	} {
		e.Time, e.CitizenIDs, e.Result = time.Now(), []string{d.holder.ID}, "ok"
		if err := (logRecorder{d.db.AuditLog()}).Record(context.Background(), e); err != nil {
			t.Fatal(err)
		}
	}
	b.do("tracker", chromedp.Navigate(d.base+"/portal/tracker"), chromedp.WaitVisible(css("ol.accesses")),
		shot(t, "portal-05-tracker"), axeCheck(t, "tracker"))
	if got := b.text("ol.accesses"); !strings.Contains(got, "Cán bộ Công an") {
		t.Errorf("the tracker shows no officer's access: %.500s", got)
	}
	if got := b.text("ol.accesses"); strings.Contains(got, "điều tra") {
		t.Errorf("the tracker shows a confidential access: %.500s", got)
	}

	b.do("correction form", chromedp.Navigate(d.base+"/portal/dossiers"), chromedp.WaitVisible(css("main a.button")),
		chromedp.Click(css("main a[href='/portal/correction']")), chromedp.WaitVisible(css("#new_phone")))
	b.do("a wrong e-mail", chromedp.SendKeys(css("#new_email"), "khong-phai-thu"), chromedp.SendKeys(css("#reason"), "Thư điện tử mới"),
		chromedp.Submit(css("#reason")), chromedp.WaitVisible(css("#err_email")), shot(t, "portal-06-correction-error"), axeCheck(t, "correction"))
	b.do("send", chromedp.SetValue(css("#new_email"), "hung.nguyen@example.vn"), chromedp.Submit(css("#reason")),
		chromedp.WaitVisible(css(".notice")), shot(t, "portal-07-dossiers"), axeCheck(t, "dossiers"))
	b.do("the dossier", chromedp.Click(css("ul.dossierlist a")), chromedp.WaitVisible(css("ol.timeline")),
		shot(t, "portal-08-dossier"), axeCheck(t, "dossier"))
	if got := b.text("main"); !strings.Contains(got, "Đã tiếp nhận") {
		t.Errorf("the dossier page: %.500s", got)
	}
	browserTemporaryResidence(t, b, d)
	browserPermanentResidence(t, b, d)
	b.do("căn cước điện tử", chromedp.Navigate(d.base+"/portal/credential"), chromedp.WaitVisible(css(".ecard")),
		shot(t, "portal-12-credential"), axeCheck(t, "credential"))
	if got := b.text(".ecard"); !strings.Contains(got, d.holder.IDNumber) || !strings.Contains(got, "Đang hiệu lực") {
		t.Fatalf("the căn cước điện tử: %.500s", got)
	}
	// The QR code of the default subset (the name and age over 18) fits
	// at error correction L.
	b.do("a QR of the name and age over 18", chromedp.Click(css("#make-qr")), chromedp.WaitVisible(css("#qr img, #present-h ~ .alert")),
		shot(t, "portal-13-credential-qr"), axeCheck(t, "credential QR"))
	got, err := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.querySelector('#qr img') ? 'qr' : document.querySelector('#present-h ~ .alert').textContent`))
	if err != nil || got != "qr" {
		t.Errorf("after asking for a QR code of the default claims: %q, %v", got, err)
	}
	b.do("a link with the photo", chromedp.Click(css("#c_picture")), chromedp.Click(css("button[value=link]")),
		chromedp.WaitVisible(css("#link")), shot(t, "portal-14-credential-link"))
	if got := b.text("#link"); !strings.Contains(got, "/api/v1/credentials/presentations/") || !strings.Contains(got, "Ảnh chân dung") {
		t.Errorf("the presentation link: %q", got)
	}
	b.do("English", chromedp.Click(css("header a[hreflang=en]")), chromedp.WaitVisible(css("main h1")))
	if got := b.text("header nav"); !strings.Contains(got, "My record") {
		t.Errorf("English switch: nav reads %q", got)
	}
}
