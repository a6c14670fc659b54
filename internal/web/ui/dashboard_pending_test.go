package ui_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dancu/internal/web/ui"
)

// TestDashboardFirstViewPolls: a unit whose figures are not cached yet
// gets its page at once with a placeholder that polls the figures'
// fragment, which returns the figures once the background computation is
// done; the page then shows them directly.
func TestDashboardFirstViewPolls(t *testing.T) {
	f := getFixture(t)
	// A server of its own with nothing cached and no warming; sessions
	// belong to the shared auth service.
	h, err := ui.New(withServices(f.db, ui.Config{Auth: f.auth, NoWarmUp: true}))
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	for _, tc := range []struct{ user, unit, figures string }{
		{"tinh42", "42", `class="cards3 kpis"`},
		{"bo.congan", "", `class="tiles"`},
	} {
		t.Run(tc.user, func(t *testing.T) {
			s := login(t, f, tc.user)
			s.base = srv.URL
			body, res := s.get("/dashboard?unit=" + tc.unit)
			if res.StatusCode != http.StatusOK {
				t.Fatalf("first view: status %d", res.StatusCode)
			}
			poll := `hx-get="/dashboard/figures?unit=` + tc.unit + `"`
			if !strings.Contains(body, "Đang tính số liệu…") || !strings.Contains(body, poll) || strings.Contains(body, tc.figures) {
				t.Fatalf("first view is not the placeholder polling %s:\n%s", poll, body)
			}
			var frag string
			for range 600 { // the computation takes milliseconds on the fixture
				frag, res = s.get("/dashboard/figures?unit=" + tc.unit)
				if res.StatusCode != http.StatusOK {
					t.Fatalf("fragment: status %d", res.StatusCode)
				}
				if !strings.Contains(frag, "Đang tính số liệu…") {
					break
				}
				time.Sleep(50 * time.Millisecond)
			}
			if !strings.Contains(frag, tc.figures) || strings.Contains(frag, "<html") || strings.Contains(frag, "hx-get") {
				t.Fatalf("fragment after the computation has no figures or is a whole page:\n%s", frag)
			}
			if body, _ = s.get("/dashboard?unit=" + tc.unit); !strings.Contains(body, tc.figures) || strings.Contains(body, poll) {
				t.Fatal("the view after the computation does not show the figures directly")
			}
		})
	}
}

// TestDashboardFigureFragmentJurisdiction: the fragment checks the unit
// like the page does.
func TestDashboardFigureFragmentJurisdiction(t *testing.T) {
	s := login(t, getFixture(t), "tinh42")
	if _, res := s.get("/dashboard/figures?unit=01"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a province officer's figures of another province: %d, want 403", res.StatusCode)
	}
}
