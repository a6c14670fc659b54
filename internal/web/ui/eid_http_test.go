package ui_test

import (
	"net/http"
	"strings"
	"testing"
)

// TestEIDActivationPage shows the activation figures of the officer's
// province per commune, drills down from provinces for a national user,
// and refuses a unit outside a commune officer's jurisdiction.
func TestEIDActivationPage(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, res := s.get("/dashboard/eid")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Thành Sen") || !strings.Contains(body, "Tỷ lệ mức 2") {
		t.Fatalf("province page: status %d", res.StatusCode)
	}
	dash, _ := s.get("/dashboard")
	if !strings.Contains(dash, `href="/dashboard/eid`) {
		t.Error("the dashboard does not link the activation figures")
	}
	if _, res := login(t, f, "xa18073").get("/dashboard/eid?unit=42"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a commune officer read the province: status %d", res.StatusCode)
	}
}
