package ui_test

import (
	"net/http"
	"net/url"
	"testing"

	"dancu/internal/audit"
)

// TestRefusedPageIsAudited protects the audit log from missing a refused
// attempt through the web app: a commune officer opening a record of
// another commune gets 403, and the attempt is recorded as denied,
// naming the citizen.
func TestRefusedPageIsAudited(t *testing.T) {
	f := getFixture(t)
	province, commune := login(t, f, "tinh42"), login(t, f, "xa18073")
	body, _ := province.post("/citizens/search", url.Values{"q": {"nguyen"}, "_csrf": {province.csrf}})
	for _, id := range citizenRe.FindAllStringSubmatch(body, -1) {
		if _, res := commune.get("/citizens/" + id[1]); res.StatusCode != http.StatusForbidden {
			continue // in the commune
		}
		if !f.audit.has(audit.ActionDenied, id[1]) {
			t.Fatalf("the refused attempt on %s is not in the audit log", id[1])
		}
		return
	}
	t.Fatal("no record outside commune 18073 among the search results")
}
