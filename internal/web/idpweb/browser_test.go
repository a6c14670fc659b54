package idpweb_test

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

// chrome starts one headless Chromium, phone-sized (the pages are
// mobile-first), trusting the test server's certificate. Without the
// binary the test skips on a laptop and fails in CI.
func chrome(t *testing.T) context.Context {
	t.Helper()
	if _, err := exec.LookPath(chromium); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but %s is missing (apt-get install -y chromium)", chromium)
		}
		t.Skipf("%s not installed", chromium)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium),
		chromedp.WindowSize(412, 915), chromedp.NoSandbox, chromedp.Flag("disable-gpu", true),
		chromedp.Flag("ignore-certificate-errors", true), chromedp.Flag("lang", "vi-VN"))
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelB := chromedp.NewContext(actx)
	ctx, cancelC := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelC(); cancelB(); cancelA() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("start chromium: %v", err)
	}
	return ctx
}

func css(sel string) chromedp.CSS { return chromedp.CSS(sel) }

// do runs browser steps, failing the test on the first error.
func do(t *testing.T, ctx context.Context, step string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", step, err)
	}
}

// chromeLogin takes Chromium from an authorization URL through the login
// page and, when shown, the consent page, to the relying party's callback,
// and returns the callback URL.
func chromeLogin(t *testing.T, ctx context.Context, authURL, identifier string, shots bool) string {
	t.Helper()
	do(t, ctx, "authorize", chromedp.Navigate(authURL))
	loggedIn, consented := false, false
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		loc, err := chromedp.Run(ctx, chromedp.Location())
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(loc, "/cb?") {
			return loc
		}
		if !loggedIn && strings.Contains(loc, "/oidc/login") {
			// A browser session with the provider skips this page.
			if has, _ := chromedp.Run(ctx, chromedp.Evaluate[bool](`!!document.querySelector("#identifier")`)); has {
				if shots {
					do(t, ctx, "login page checks", shot(t, "oidc-login"), axeCheck(t, "login"))
				}
				do(t, ctx, "log in", chromedp.SendKeys(css("#identifier"), identifier), chromedp.SendKeys(css("#password"), password),
					chromedp.Click(css("#login-submit")))
				loggedIn = true
			}
			continue
		}
		if !consented && strings.Contains(loc, "/oidc/consent") {
			consented = true
			do(t, ctx, "consent page", chromedp.WaitVisible(css("#consent-approve")))
			if shots {
				do(t, ctx, "consent page checks", shot(t, "oidc-consent"), axeCheck(t, "consent"))
			}
			do(t, ctx, "approve", chromedp.Click(css("#consent-approve")))
		}
	}
	loc, _ := chromedp.Run(ctx, chromedp.Location())
	body, _ := chromedp.Run(ctx, chromedp.Text(css("body")))
	t.Fatalf("the browser did not reach the callback; at %s:\n%s", loc, body)
	return ""
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

func shot(t *testing.T, name string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		png, err := chromedp.FullScreenshot(100)(ctx, tg)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(screenshotDir(t), name+".png"), png, 0o644)
	})
}

// axeCheck runs axe-core (the officer application's testdata/axe) on the
// page and fails on serious or critical WCAG 2 A/AA violations.
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
		if _, err := chromedp.Evaluate[any](string(src)+";0")(ctx, tg); err != nil {
			return fmt.Errorf("load axe: %w", err)
		}
		raw, err := chromedp.Evaluate[string](`(async () => JSON.stringify((await axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})).violations.filter(v => v.impact === "serious" || v.impact === "critical").map(v => v.id + ": " + v.help)))()`, chromedp.EvalAwaitPromise)(ctx, tg)
		if err != nil {
			return fmt.Errorf("run axe: %w", err)
		}
		var bad []string
		if err := json.Unmarshal([]byte(raw), &bad); err != nil {
			return err
		}
		if len(bad) > 0 {
			return fmt.Errorf("axe on %s: %v", page, bad)
		}
		return nil
	})
}
