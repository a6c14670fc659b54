package portal_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// browserTemporaryResidence drives a citizen through a tạm trú submission
// (issue 13): from their dossiers to the residence procedures, the
// province, the form with its proof of accommodation, and the dossier
// received by the commune chosen.
func browserTemporaryResidence(t *testing.T, b stepper, d *demo) {
	t.Helper()
	proof := filepath.Join(t.TempDir(), "hop-dong-thue-nha.pdf")
	if err := os.WriteFile(proof, []byte("%PDF-1.4\n% hợp đồng thuê nhà\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	// A commune of another province than the holder's permanent one.
	province := "01"
	if d.holder.Permanent.Province == province {
		province = "79"
	}
	until := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	b.do("residence procedures", chromedp.Navigate(d.base+"/portal/dossiers"), chromedp.Click(css("main a[href='/portal/residence']")),
		chromedp.WaitVisible(css("ul.tiles")), shot(t, "portal-09-residence"), axeCheck(t, "residence"))
	b.do("tạm trú: the province", chromedp.Click(css("ul.tiles a[href='/portal/residence/temporary']")), chromedp.WaitVisible(css("#province")),
		chromedp.SetValue(css("#province"), province), chromedp.Submit(css("#province")), chromedp.WaitVisible(css("#in_commune")))
	b.do("tạm trú: the form", chromedp.SendKeys(css("#in_address"), "Số 12, ngõ 34, phố Hàng Bông"),
		chromedp.SetValue(css("#in_until"), until), chromedp.SetValue(css("#in_basis"), "rented"),
		chromedp.SetUploadFiles(css("#up_accommodation_proof"), []string{proof}),
		shot(t, "portal-10-temporary-form"), axeCheck(t, "temporary form"))
	commune, err := chromedp.Run(b.ctx, chromedp.Value(css("#in_commune")))
	if err != nil || commune == "" {
		t.Fatalf("no commune chosen: %v", err)
	}
	b.do("tạm trú: file it", chromedp.Submit(css("#in_address")), chromedp.WaitVisible(css(".notice")))
	if got := b.text("ul.dossierlist"); !strings.Contains(got, "Đăng ký tạm trú") || !strings.Contains(got, "Đã tiếp nhận") {
		t.Fatalf("the dossier list after filing: %q", got)
	}
	b.do("tạm trú: the dossier", chromedp.Click(css("ul.dossierlist li:first-child a")), chromedp.WaitVisible(css("ol.timeline")),
		shot(t, "portal-11-temporary-dossier"), axeCheck(t, "temporary dossier"))
	if got := b.text("main"); !strings.Contains(got, "hop-dong-thue-nha.pdf") || !strings.Contains(got, "trực tuyến") {
		t.Errorf("the tạm trú dossier: %.600s", got)
	}
}

// browserPermanentResidence drives a citizen through a thường trú
// submission: joining a household without naming it is refused next to
// the field, then a new household at their own home is filed, with the
// proof of accommodation, and received by the commune chosen.
func browserPermanentResidence(t *testing.T, b stepper, d *demo) {
	t.Helper()
	proof := filepath.Join(t.TempDir(), "giay-chung-nhan-quyen-su-dung-dat.pdf")
	if err := os.WriteFile(proof, []byte("%PDF-1.4\n% giấy chứng nhận\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	province := "79"
	if d.holder.Permanent.Province == province {
		province = "01"
	}
	b.do("thường trú: the province", chromedp.Navigate(d.base+"/portal/residence"),
		chromedp.Click(css("ul.tiles a[href='/portal/residence/permanent']")), chromedp.WaitVisible(css("#province")),
		chromedp.SetValue(css("#province"), province), chromedp.Submit(css("#province")), chromedp.WaitVisible(css("#in_case")))
	b.do("thường trú: join, no household named", chromedp.SetValue(css("#in_case"), "join_household"),
		chromedp.Submit(css("#in_address")), chromedp.WaitVisible(css("#err_household_ref")),
		shot(t, "portal-13-permanent-error"), axeCheck(t, "permanent form error"))
	b.do("thường trú: a new household at my home", chromedp.SetValue(css("#in_case"), "new_household"),
		chromedp.SendKeys(css("#in_address"), "Số 8, đường Lê Lợi"), chromedp.SetValue(css("#in_basis"), "owned"),
		chromedp.SetUploadFiles(css("#up_accommodation_proof"), []string{proof}),
		shot(t, "portal-14-permanent-form"), axeCheck(t, "permanent form"))
	b.do("thường trú: file it", chromedp.Submit(css("#in_address")), chromedp.WaitVisible(css(".notice")))
	// The list is by due date: the tạm trú filed before is due first.
	item := `//ul[contains(@class,"dossierlist")]/li[contains(., "Đăng ký thường trú")]`
	if got, err := chromedp.Run(b.ctx, chromedp.Text(chromedp.Search(item))); err != nil || !strings.Contains(got, "Đã tiếp nhận") {
		t.Fatalf("the thường trú dossier in the list after filing: %q %v", got, err)
	}
	b.do("thường trú: the dossier", chromedp.Click(chromedp.Search(item+"//a")), chromedp.WaitVisible(css("ol.timeline")),
		axeCheck(t, "permanent dossier"))
	if got := b.text("main"); !strings.Contains(got, "giay-chung-nhan-quyen-su-dung-dat.pdf") || !strings.Contains(got, "trực tuyến") {
		t.Errorf("the thường trú dossier: %.600s", got)
	}
}
