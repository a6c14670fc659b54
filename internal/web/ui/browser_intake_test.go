package ui_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"dancu/internal/issuance"
)

// captureFiles writes one synthetic applicant's captures to a temporary
// folder, with a blank print for the third finger of the right hand
// (index 3), and returns the paths by form field.
func captureFiles(t *testing.T) map[string]string {
	t.Helper()
	dir := t.TempDir()
	files := captures(t, 42)
	files["fp3"] = blankPNG(t)
	paths := map[string]string{}
	for field, data := range files {
		ext := ".png"
		if field == "photo" {
			ext = ".jpg"
		}
		p := filepath.Join(dir, field+ext)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		paths[field] = p
	}
	return paths
}

// uninvited is a resident of commune 18073 who must hold a card and has
// none, no application and no appointment: someone to book and receive.
func uninvited(t *testing.T, f *fixture) string {
	t.Helper()
	day := issuance.Day(time.Now())
	rs, err := f.db.Issuance().Uninvited(context.Background(), "18073", day, day.AddDate(-issuance.MinimumAge, 0, 0), 1)
	if err != nil || len(rs) == 0 {
		t.Fatalf("no uninvited resident of 18073: %v", err)
	}
	return rs[0].CitizenID
}

// browserBookAndReceive books an appointment from a citizen's record,
// then runs the intake from the slip: uploads the captures, sees the
// blank print refused with its message, marks that finger damaged and
// receives the application, ending on the receipt.
func browserBookAndReceive(t *testing.T, b stepper, base string, f *fixture) {
	t.Helper()
	id := uninvited(t, f)
	b.do("book from the record", chromedp.Navigate(base+"/citizens/"+id), chromedp.WaitVisible(css("#record")),
		chromedp.Click(css(".actions a[href$='/book']")), chromedp.WaitVisible(css("#slots-h")))
	// Today's slots may be over (or the station closed); look ahead.
	for d := 0; d < 10; d++ {
		has, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`document.querySelector("form.book") !== null`))
		if err != nil {
			t.Fatal(err)
		}
		if has {
			break
		}
		day := time.Now().AddDate(0, 0, d+1).Format("2006-01-02")
		b.do("next day", chromedp.Navigate(base+"/citizens/"+id+"/book?day="+day), chromedp.WaitVisible(css("#slots-h")))
	}
	b.do("free slots", shot(t, "13-book"), axeCheck(t, "book"))
	b.do("book a slot", chromedp.Click(css("form.book button[type=submit]")), chromedp.WaitVisible(css("#queue-number")),
		shot(t, "14-appointment"), axeCheck(t, "appointment"))
	if q := b.text("#queue-number"); q == "" || q == "0" {
		t.Fatalf("queue number %q", q)
	}

	b.do("intake form from the slip", chromedp.Click(css("a[href^='/intake/new/']")), chromedp.WaitVisible(css("form.intake")),
		axeCheck(t, "intake form"))
	paths := captureFiles(t)
	var uploads []chromedp.Action[chromedp.Void]
	for field, p := range paths {
		uploads = append(uploads, chromedp.SetUploadFiles(css("#"+field), []string{p}))
	}
	b.do("upload the captures", uploads...)
	b.do("submit with a blank print", chromedp.Click(css("form.intake button[type=submit]")), chromedp.WaitVisible(css("#fp3-error")),
		shot(t, "15-intake-quality"), axeCheck(t, "intake form with errors"))
	if got := b.text("#fp3-error"); !strings.Contains(got, "vân tay") {
		t.Fatalf("the blank print's message: %q", got)
	}
	b.do("mark the finger damaged and receive", chromedp.SetValue(css("#fp3_missing"), "damaged"),
		chromedp.Click(css("form.intake button[type=submit]")), chromedp.WaitVisible(css("#app-number")),
		shot(t, "16-receipt"), axeCheck(t, "receipt"))
	if got := b.text("main"); !strings.Contains(got, "7 ngày làm việc") || !strings.Contains(got, "đ") {
		t.Errorf("the receipt lacks the due date or fee: %.500s", got)
	}
}

// cardFacesLoaded waits for the card's two face images and checks that
// both decoded.
func cardFacesLoaded(t *testing.T, b stepper) {
	t.Helper()
	ok, err := chromedp.Run(b.ctx, chromedp.Evaluate[bool](`(async () => {
		const imgs = [...document.querySelectorAll(".cardface img")];
		await Promise.all(imgs.map(i => i.complete ? 0 : new Promise(r => { i.addEventListener("load", r); i.addEventListener("error", r); })));
		return imgs.length === 2 && imgs.every(i => i.naturalWidth > 0);
	})()`, chromedp.EvalAwaitPromise))
	if err != nil || !ok {
		t.Fatalf("the card's front and back did not both load (%v)", err)
	}
}
