package portal_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"dancu/internal/web/portal"
)

// The browser helpers follow the officer application's (internal/web/ui):
// the same Chromium, the same axe-core check from its testdata/axe.

const chromium = "/usr/bin/chromium"

// phone is the viewport of the portal's tests: the portal is laid out for
// a phone first.
const phoneWidth, phoneHeight = 412, 915

// browser starts one headless Chromium for a test. Without the binary the
// test skips on a laptop and fails in CI.
func browser(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (apt-get install -y chromium)", chromium)
		}
		t.Skipf("%s not installed", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.WindowSize(phoneWidth, phoneHeight), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("lang", "vi-VN"))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 300*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(phoneWidth, phoneHeight)); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

// loggedIn puts a session cookie for base into the browser, as the login
// would have set it.
func loggedIn(base, token string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		yes := true
		_, err := cdp.Call(ctx, tg, network.SetCookie, network.SetCookieParams{Name: "dancu_portal", Value: token,
			URL: base + portal.Prefix + "/", Path: portal.Prefix + "/", Secure: &yes, HTTPOnly: &yes, SameSite: network.CookieSameSiteLax})
		return err
	})
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

// axeCheck runs axe-core (internal/web/ui/testdata/axe, installed by npm
// ci) on the page and fails on serious or critical WCAG 2 A/AA violations:
// the officer application's check.
func axeCheck(t *testing.T, page string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		src, err := os.ReadFile(filepath.Join("..", "ui", "testdata", "axe", "node_modules", "axe-core", "axe.min.js"))
		if err != nil {
			if os.Getenv("CI") == "true" {
				return fmt.Errorf("axe-core missing (npm ci --prefix internal/web/ui/testdata/axe): %w", err)
			}
			t.Logf("axe-core not installed; accessibility check of %s skipped", page)
			return nil
		}
		// The page's CSP forbids script; the DevTools protocol's own
		// evaluation is not subject to it.
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
