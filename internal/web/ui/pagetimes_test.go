package ui_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/sqlstore"
	"dancu/internal/units"
	"dancu/internal/web/ui"
)

// TestPageTimes times each main page server-side (the handler, no
// network) on the register named by DANCU_UI_BENCH_DB, for example one
// built with `dancu demo --no-serve --people 1000000`. It prints the first
// (cold) and the median of five further requests, slowest first. It
// asserts nothing about time; without the variable it is skipped.
//
//	DANCU_UI_BENCH_DB=sqlite:big.db go test -run PageTimes -v ./internal/web/ui/
func TestPageTimes(t *testing.T) {
	dsn := os.Getenv("DANCU_UI_BENCH_DB")
	if dsn == "" {
		t.Skip("set DANCU_UI_BENCH_DB to a demo register to time the pages")
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn, sqlstore.Options{Units: units.Default()})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	svc := auth.NewService(auth.Config{Store: db.Users(), Units: units.Default()})
	// No warming: the first view of the province dashboard is timed cold.
	h, err := ui.New(withServices(db, ui.Config{Auth: svc, NoWarmUp: true}))
	if err != nil {
		t.Fatal(err)
	}
	// A register built by `dancu import` has no accounts yet.
	if err := svc.ResetPassword(ctx, "tinh42", password); err != nil {
		if _, err := svc.CreateUser(ctx, "tinh42", "Công an tỉnh 42", auth.RoleProvince, "42", password); err != nil {
			t.Fatal(err)
		}
	}
	token, _, err := svc.Login(ctx, "tinh42", password, "127.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	csrf := csrfOf(t, h, token)
	serve := func(method, path string, form url.Values) (time.Duration, string, int) {
		var body *strings.Reader
		if form != nil {
			form.Set("_csrf", csrf)
			body = strings.NewReader(form.Encode())
		} else {
			body = strings.NewReader("")
		}
		req := httptest.NewRequest(method, path, body)
		req.AddCookie(&http.Cookie{Name: "dancu_session", Value: token})
		if form != nil {
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		rec := httptest.NewRecorder()
		start := time.Now()
		h.ServeHTTP(rec, req)
		return time.Since(start), rec.Body.String(), rec.Code
	}
	// The first view of a dashboard whose figures are not cached is the
	// placeholder; the figures are computed in the background while the
	// fragment is polled, as the browser would once a second.
	var firsts []string
	first, body, status := serve("GET", "/dashboard?unit=42", nil)
	if !strings.Contains(body, `hx-get="/dashboard/figures`) {
		t.Fatal("the first view of the province dashboard is not the placeholder")
	}
	firsts = append(firsts, fmt.Sprintf("dashboard province, first view (placeholder): status %d, %s", status, first.Round(100*time.Microsecond)))
	start := time.Now()
	for i := 0; ; i++ {
		if i == 3000 {
			t.Fatal("the province figures were not computed in five minutes")
		}
		d, frag, _ := serve("GET", "/dashboard/figures?unit=42", nil)
		if !strings.Contains(frag, "hx-get") {
			firsts = append(firsts, fmt.Sprintf("figures fragment once ready: %s; background computation: about %s", d.Round(100*time.Microsecond), time.Since(start).Round(100*time.Millisecond)))
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	_, found, _ := serve("POST", "/citizens/search", url.Values{"q": {"nguyen van"}})
	citizen := regexp.MustCompile(`/citizens/([0-9a-f-]{36})`).FindStringSubmatch(found)
	_, apps, _ := serve("GET", "/applications", nil)
	app := regexp.MustCompile(`/applications/([0-9a-f-]{36})`).FindStringSubmatch(apps)
	if citizen == nil {
		t.Fatal("no citizen to open")
	}
	commune := units.Default().Communes(auth.UnitList, "42")[0].Code
	pages := []struct {
		name, method, path string
		form               url.Values
	}{
		{"search form", "GET", "/citizens", nil},
		{"search \"nguyen van\"", "POST", "/citizens/search", url.Values{"q": {"nguyen van"}}},
		{"search \"tran thi 1990\"", "POST", "/citizens/search", url.Values{"q": {"tran thi 1990"}}},
		{"search by unit + year", "POST", "/citizens/search", url.Values{"unit": {commune}, "birth_year": {"1985"}}},
		{"citizen record", "GET", "/citizens/" + citizen[1], nil},
		{"edit form", "GET", "/citizens/" + citizen[1] + "/edit", nil},
		{"dashboard province", "GET", "/dashboard?unit=42", nil},
		{"dashboard commune", "GET", "/dashboard?unit=" + commune, nil},
		{"dashboard export xlsx", "GET", "/dashboard/export?unit=42&format=xlsx", nil},
		{"intake board", "GET", "/intake", nil},
		{"applications", "GET", "/applications", nil},
		{"book (free slots)", "GET", "/citizens/" + citizen[1] + "/book", nil},
		{"intake form", "GET", "/intake/new/" + citizen[1], nil},
		{"cleaning", "GET", "/cleaning", nil},
		{"admin", "GET", "/admin", nil},
	}
	// A register imported without the demo's campaign has no application.
	if app != nil {
		pages = append(pages, struct {
			name, method, path string
			form               url.Values
		}{"application", "GET", "/applications/" + app[1], nil}, struct {
			name, method, path string
			form               url.Values
		}{"receipt", "GET", "/applications/" + app[1] + "/receipt", nil})
	}
	type result struct {
		name         string
		cold, median time.Duration
		status       int
	}
	var out []result
	for _, p := range pages {
		cold, _, status := serve(p.method, p.path, p.form)
		var ds []time.Duration
		for range 5 {
			d, _, _ := serve(p.method, p.path, p.form)
			ds = append(ds, d)
		}
		slices.Sort(ds)
		out = append(out, result{p.name, cold, ds[2], status})
	}
	slices.SortFunc(out, func(a, b result) int { return int(b.median - a.median) })
	var sb strings.Builder
	fmt.Fprintf(&sb, "%-28s %6s %12s %12s\n", "page", "status", "cold", "median of 5")
	for _, r := range out {
		fmt.Fprintf(&sb, "%-28s %6d %12s %12s\n", r.name, r.status, r.cold.Round(100*time.Microsecond), r.median.Round(100*time.Microsecond))
	}
	t.Log("\n" + strings.Join(firsts, "\n") + "\n\n" + sb.String())
}

// csrfOf reads the session's CSRF token from a page.
func csrfOf(t *testing.T, h http.Handler, token string) string {
	req := httptest.NewRequest("GET", "/citizens", nil)
	req.AddCookie(&http.Cookie{Name: "dancu_session", Value: token})
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	m := regexp.MustCompile(`name="_csrf" value="([^"]+)"`).FindStringSubmatch(rec.Body.String())
	if m == nil {
		t.Fatalf("no CSRF token (status %d)", rec.Code)
	}
	return m[1]
}
