package ui_test

import (
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// browserDashboard drills down from the country to province 42 to one of
// its communes.
func browserDashboard(t *testing.T, b stepper, base string) {
	t.Helper()
	// The ministry sees the country; the tile grid leads to a province.
	b.do("log out", chromedp.Click(css("header form button")), chromedp.WaitVisible(css("#username")),
		chromedp.SendKeys(css("#username"), "bo.congan"), chromedp.SendKeys(css("#password"), password),
		chromedp.Submit(css("#password")), chromedp.WaitVisible(css("header .who")))
	b.do("dashboard", chromedp.Navigate(base+"/dashboard"), chromedp.WaitVisible(css(".tiles")),
		shot(t, "06-dashboard"), axeCheck(t, "dashboard"))
	b.do("drill down to the province", chromedp.Click(css(".tiles a[data-unit='42']")), chromedp.WaitVisible(css("table.units")))
	if got := b.text("main h1"); !strings.Contains(got, "Hà Tĩnh") {
		t.Fatalf("province drill-down heading: %q", got)
	}
	b.do("drill down to a commune", chromedp.Click(css("table.units tbody tr:first-child a")),
		chromedp.WaitVisible(css(".kpis")), shot(t, "07-dashboard-commune"))
	if got := strings.ToLower(b.text("main h1")); !strings.Contains(got, "xã") && !strings.Contains(got, "phường") {
		t.Fatalf("commune drill-down heading: %q", got)
	}
}

// browserIntake opens the appointment board, the application list and a
// produced card.
func browserIntake(t *testing.T, b stepper, base string) {
	t.Helper()
	b.do("intake board", chromedp.Navigate(base+"/intake"), chromedp.WaitVisible(css("main h1")),
		shot(t, "08-intake"), axeCheck(t, "intake"))
	b.do("applications", chromedp.Navigate(base+"/applications?state=handed_over"), chromedp.WaitVisible(css("table.apps")),
		shot(t, "09-applications"), axeCheck(t, "applications"))
	b.do("a produced card", chromedp.Click(css("table.apps tbody tr:first-child a")),
		chromedp.WaitVisible(css(".cardface img")))
	cardFacesLoaded(t, b)
	b.do("card screenshot", shot(t, "10-card"), axeCheck(t, "card"))
	b.do("cleaning", chromedp.Navigate(base+"/cleaning"), chromedp.WaitVisible(css("#find-h")), shot(t, "11-cleaning"), axeCheck(t, "cleaning"))
	b.do("administration", chromedp.Navigate(base+"/admin"), chromedp.WaitVisible(css("#stations-h")), shot(t, "12-admin"), axeCheck(t, "admin"))
	b.do("units", chromedp.Navigate(base+"/admin/units?province=42"), chromedp.WaitVisible(css("table.data")), shot(t, "17-units"), axeCheck(t, "units"))
	b.do("agencies", chromedp.Navigate(base+"/admin/agencies"), chromedp.WaitVisible(css("h1")), shot(t, "18-agencies"), axeCheck(t, "agencies"))
}
