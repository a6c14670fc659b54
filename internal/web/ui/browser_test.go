package ui_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// chromium is the browser the tests drive; CI installs the Debian package.
const chromium = "/usr/bin/chromium"

// browser starts one headless Chromium at 1366×768 for a test. Without
// the binary the test skips on a laptop and fails in CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (apt-get install -y chromium)", chromium)
		}
		t.Skipf("%s not installed", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.WindowSize(1366, 768), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "vi-VN"))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// screenshotDir is <repo>/screenshots, which git ignores.
func screenshotDir(t *testing.T) string {
	_, file, _, _ := runtime.Caller(0)
	dir := filepath.Join(filepath.Dir(file), "..", "..", "..", "screenshots")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

// shot saves a full-page screenshot of the current page.
func shot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644)
	})
}

// axeCheck runs axe-core (testdata/axe, installed by npm ci) on the page
// and fails on serious or critical WCAG 2 A/AA violations.
func axeCheck(t *testing.T, page string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		src, err := os.ReadFile(filepath.Join("testdata", "axe", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			if os.Getenv("CI") == "true" {
				return fmt.Errorf("axe-core missing (npm ci --prefix internal/web/ui/testdata/axe): %w", err)
			}
			t.Logf("axe-core not installed; accessibility check of %s skipped", page)
			return nil
		}
		if _, err := chromedp.Evaluate[any](string(src)+";0")(ctx, tg); err != nil {
			return fmt.Errorf("load axe: %w", err)
		}
		type violation struct {
			ID, Impact, Help string
			Nodes            []struct{ Target []any }
		}
		run := `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}).then(r => r.violations)`
		res, err := chromedp.Evaluate[[]violation](run, chromedp.EvalAwaitPromise)(ctx, tg)
		if err != nil {
			return fmt.Errorf("run axe: %w", err)
		}
		for _, v := range res {
			if v.Impact == "serious" || v.Impact == "critical" {
				where, _ := json.Marshal(v.Nodes)
				t.Errorf("axe on %s: %s (%s): %s at %.300s", page, v.ID, v.Impact, v.Help, where)
			}
		}
		return nil
	})
}

// css is a CSS selector.
func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// stepper runs browser steps, failing the test on the first error.
type stepper struct {
	t   *testing.T
	ctx context.Context
}

func (s stepper) do(step string, actions ...chromedp.Action[chromedp.Void]) {
	s.t.Helper()
	if err := chromedp.Do(s.ctx, actions...); err != nil {
		s.t.Fatalf("%s: %v", step, err)
	}
}

func (s stepper) text(sel string) string {
	s.t.Helper()
	v, err := chromedp.Run(s.ctx, chromedp.Text(css(sel)))
	if err != nil {
		s.t.Fatalf("text of %s: %v", sel, err)
	}
	return v
}

// TestBrowserOfficerFlow drives the main pages as an officer would:
// login, an accent-insensitive search, a record, an edit with a reason
// and its new version, booking and intake with a receipt, the dashboard
// drill-down, the intake pages and a produced card's faces.
func TestBrowserOfficerFlow(t *testing.T) {
	f := getFixture(t)
	b := stepper{t: t, ctx: browser(t)}
	// Chromium keeps Secure cookies from http://localhost (a potentially
	// trustworthy origin) but not from a bare http://127.0.0.1.
	base := strings.Replace(f.srv.URL, "127.0.0.1", "localhost", 1)

	b.do("login page", chromedp.Navigate(base+"/login"), chromedp.WaitVisible(css("#username")),
		shot(t, "01-login"), axeCheck(t, "login"))
	b.do("log in", chromedp.SendKeys(css("#username"), "tinh42"), chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who")))
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); strings.Contains(loc, "/login") {
		t.Fatalf("still on the login page after logging in (%s): %s", loc, b.text("main"))
	}
	if got := b.text("header .who"); !strings.Contains(got, "tinh42") {
		t.Fatalf("after login the header shows %q", got)
	}

	b.do("search", chromedp.Navigate(base+"/citizens"), chromedp.WaitVisible(css("#q")),
		chromedp.SendKeys(css("#q"), "nguyen van"), chromedp.Click(css("form.search button[type=submit]")),
		chromedp.WaitVisible(css("#results table")), shot(t, "02-search"), axeCheck(t, "search"))
	if got := b.text("#results table"); !strings.Contains(got, "Nguyễn Văn") {
		t.Fatalf("search for \"nguyen van\" found no accented name: %.300s", got)
	}
	if loc, _ := chromedp.Run(b.ctx, chromedp.Location()); strings.Contains(loc, "nguyen") {
		t.Errorf("the search put the name in the URL: %s", loc)
	}

	b.do("open a record", chromedp.Click(css("#results tbody tr:first-child a")),
		chromedp.WaitVisible(css("#record")), shot(t, "03-record"), axeCheck(t, "record"))
	b.do("edit form", chromedp.Click(css(".actions a[href$='/edit']")), chromedp.WaitVisible(css("#reason")))
	b.do("save without a reason", chromedp.SetValue(css("#phone"), "0987 654 321"),
		chromedp.Click(css("form.edit button[type=submit]")), chromedp.WaitVisible(css("#reason-error")),
		shot(t, "04-edit-errors"), axeCheck(t, "edit"))
	b.do("save with a reason", chromedp.SendKeys(css("#reason"), "Cập nhật số điện thoại theo đề nghị của công dân"),
		chromedp.Click(css("form.edit button[type=submit]")), chromedp.WaitVisible(css(".notice")), shot(t, "05-history"))
	if got := b.text("#history"); !strings.Contains(got, "0987654321") || !strings.Contains(got, "Cập nhật số điện thoại theo đề nghị của công dân") {
		t.Fatalf("the new version is not in the history: %.500s", got)
	}

	browserBookAndReceive(t, b, base, f)
	browserDashboard(t, b, base)
	browserIntake(t, b, base)

	b.do("English", chromedp.Click(css("header a[hreflang=en]")), chromedp.WaitVisible(css("main h1")))
	if got := b.text("header nav"); !strings.Contains(got, "Citizens") {
		t.Errorf("English switch: nav reads %q", got)
	}
}
