package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAdminStations: a province officer opens a mobile team in a commune
// of the province; a commune officer cannot; a bad machine count is shown
// next to its field.
func TestAdminStations(t *testing.T) {
	f := getFixture(t)
	form := func(s *session, code, machines string) url.Values {
		return url.Values{"_csrf": {s.csrf}, "code": {code}, "name": {"Tổ lưu động " + code}, "kind": {"mobile"},
			"unit": {"18073"}, "address": {"Nhà văn hóa thôn 3"}, "machines": {machines}, "minutes": {"5"}}
	}
	prov := login(t, f, "tinh42")
	if body, res := prov.post("/admin/stations", form(prov, "42-LD-01", "0")); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="s-machines-error"`) {
		t.Errorf("0 machines: status %d", res.StatusCode)
	}
	if _, res := prov.post("/admin/stations", url.Values{"code": {"x"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("without CSRF: status %d, want 403", res.StatusCode)
	}
	if _, res := prov.post("/admin/stations", form(prov, "42-LD-01", "3")); res.StatusCode >= 400 {
		t.Fatalf("create: status %d", res.StatusCode)
	}
	if body, _ := prov.get("/admin"); !strings.Contains(body, "42-LD-01") {
		t.Error("the new team is not listed")
	}
	if !f.audit.audited("station.create", "") {
		t.Error("opening a station was not audited")
	}
	commune := login(t, f, "xa18073")
	if body, res := commune.post("/admin/stations", form(commune, "42-LD-02", "2")); res.StatusCode != http.StatusUnprocessableEntity || strings.Contains(body, "42-LD-02</td>") {
		t.Errorf("a commune officer opened a station: status %d", res.StatusCode)
	}
}

// TestAdminUnits lists the 34 provinces of the list in force, then one
// province's communes with the old codes they replaced.
func TestAdminUnits(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, res := s.get("/admin/units")
	if res.StatusCode != http.StatusOK || strings.Count(body, `href="/admin/units?province=`) != 34 {
		t.Fatalf("provinces: status %d, %d links", res.StatusCode, strings.Count(body, `href="/admin/units?province=`))
	}
	body, res = s.get("/admin/units?province=42")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "18073") || !strings.Contains(body, "Thay cho") {
		t.Errorf("communes of 42: status %d", res.StatusCode)
	}
}
