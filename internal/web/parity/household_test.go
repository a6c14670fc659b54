package parity_test

import (
	"encoding/json"
	"net/http"
	"slices"
	"strings"
	"testing"

	"dancu/internal/registry"
)

// TestHouseholdMembersSameRuleBothDoors: a household book may name a
// member registered in another commune. Neither door shows that member to
// a commune officer, and both audit the members shown as the same
// household disclosure; the province, which covers both communes, sees
// every member through both.
func TestHouseholdMembersSameRuleBothDoors(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		hung, hoa, lan := w.citizens["hung"], w.citizens["hoa"], w.citizens["lan"]
		for _, tc := range []struct {
			user string
			want []string
		}{
			{"xa.thanhsen", []string{hung.ID, hoa.ID}},
			{"tinh.hatinh", []string{hung.ID, hoa.ID, lan.ID}},
		} {
			slices.Sort(tc.want)
			w.audit.reset()
			rec := w.apiDo("GET", "/api/v1/households/HT-001/members", tc.user, nil)
			var page registry.Page
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
				t.Fatalf("API household as %s: %d %s", tc.user, rec.Code, rec.Body)
			}
			var got []string
			for _, m := range page.Items {
				got = append(got, m.ID)
			}
			slices.Sort(got)
			if !slices.Equal(got, tc.want) {
				t.Errorf("API household as %s: %v, want %v", tc.user, got, tc.want)
			}

			rec = w.page("GET", "/citizens/"+hung.ID, tc.user, nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("citizen page as %s: %d", tc.user, rec.Code)
			}
			body := rec.Body.String()
			for _, c := range []registry.Citizen{hoa, lan} {
				shown := strings.Contains(body, "/citizens/"+c.ID) || strings.Contains(body, c.FullName)
				if want := slices.Contains(tc.want, c.ID); shown != want {
					t.Errorf("citizen page as %s shows household member %s: %v, want %v", tc.user, c.FullName, shown, want)
				}
			}
			for _, door := range []string{"api", "ui"} {
				if named := w.audit.named("household.members", tc.user, door); !slices.Equal(named, tc.want) {
					t.Errorf("household disclosure audited through the %s as %s: %v, want %v", door, tc.user, named, tc.want)
				}
			}
		}
	})
}
