package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestIntakeFormRefusesSignatureBomb reproduces the reported attack through
// the web app: the intake form with a 74-byte PNG claiming 1,000,000 ×
// 1,000,000 pixels as the signature. The form must come back with the size
// refusal next to the signature input, and the server must keep answering.
// The server runs in a child process under a 3 GiB address-space limit, so
// a regression fails this test rather than exhausting the machine.
func TestIntakeFormRefusesSignatureBomb(t *testing.T) {
	if !testtool.UnderMemoryLimit(t, 3<<30) {
		return
	}
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, _ := s.post("/citizens/search", url.Values{"q": {"le thi"}, "_csrf": {s.csrf}})
	ids := citizenRe.FindAllStringSubmatch(body, -1)
	if len(ids) == 0 {
		t.Fatal("no citizen to take captures for")
	}
	path := "/intake/new/" + ids[0][1]
	form, res := s.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("intake form: %d", res.StatusCode)
	}
	fields := url.Values{"station": {stationRe.FindStringSubmatch(form)[1]}, "type": {"first_issuance"}}
	bomb := testtool.PNGBomb(1_000_000, 1_000_000)
	page, res := s.multipart(path, fields, map[string][]byte{"signature": bomb, "fp0": bomb})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, "1000000×1000000") {
		t.Fatalf("bomb upload: %d, want 422 naming the claimed size\n%.1500s", res.StatusCode, page)
	}
	if _, res := s.get("/citizens"); res.StatusCode != http.StatusOK {
		t.Fatalf("the server stopped answering after the bomb: %d", res.StatusCode)
	}
}
