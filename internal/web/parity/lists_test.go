package parity_test

import (
	"dancu/internal/wire"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/issuance"
	"dancu/internal/pdate"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// manyApplications files n applications at a station of Thành Sen, for n
// citizens of the commune, through the issuance service; all are received
// at the same instant, so paging must also order ties.
func manyApplications(t *testing.T, w *world, n int) map[string]bool {
	t.Helper()
	st := w.station("HT-TS", "18073")
	svc := issuance.NewService(issuance.Config{Store: w.db.Issuance(), Citizens: w.db.Citizens(), Units: units.Default(), Now: w.now})
	want := map[string]bool{}
	for i := range n {
		c, err := wire.Register(w.db).Create(bg, registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: fmt.Sprintf("042080%06d", i),
			FullName: "Người Thứ " + fmt.Sprint(i), BirthDate: pdate.Full(1980, 1, 1), Sex: registry.Male, Status: registry.Alive,
			Ethnicity: "01", Nationality: "VN", Permanent: registry.Residence{Commune: "18073", Province: "42"}},
			registry.ChangeMeta{Actor: "test", Reason: "seed"})
		if err != nil {
			t.Fatal(err)
		}
		a, err := svc.Apply(bg, w.users["xa.thanhsen"], issuance.NewApplication{CitizenID: c.ID, StationID: st.ID, Type: issuance.FirstIssuance})
		if err != nil {
			t.Fatal(err)
		}
		want[a.ID] = true
	}
	return want
}

var applicationLink = regexp.MustCompile(`href="/applications/([0-9a-f-]{36})"`)
var nextLink = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)

// TestApplicationListsReachEveryApplication: more applications than a
// page holds (the old list stopped silently at 200, oldest first) are all
// reachable: the API pages by next_cursor, the web list by its "next
// page" link, and both exports carry every row.
func TestApplicationListsReachEveryApplication(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		const n = 230
		want := manyApplications(t, w, n)

		// The API, 100 at a time.
		got, cursor := map[string]bool{}, ""
		for pages := 0; ; pages++ {
			if pages > n {
				t.Fatal("the API's cursor never ends")
			}
			rec := w.apiDo("GET", "/api/v1/applications?limit=100&cursor="+cursor, "xa.thanhsen", nil)
			var page issuance.ApplicationPage
			if rec.Code != http.StatusOK || json.Unmarshal(rec.Body.Bytes(), &page) != nil {
				t.Fatalf("API page %d: %d %s", pages, rec.Code, rec.Body)
			}
			for _, a := range page.Items {
				if got[a.ID] {
					t.Errorf("API: application %s on two pages", a.ID)
				}
				got[a.ID] = true
			}
			if page.Next == "" {
				break
			}
			cursor = page.Next
		}
		if len(got) != n || !sameKeys(got, want) {
			t.Errorf("API pages reach %d of %d applications", len(got), n)
		}
		if rec := w.apiDo("GET", "/api/v1/applications?cursor=not-a-cursor", "xa.thanhsen", nil); rec.Code != http.StatusBadRequest {
			t.Errorf("a forged cursor: %d, want 400", rec.Code)
		}

		// The web list, following its next-page links.
		got, path := map[string]bool{}, "/applications"
		for pages := 0; path != ""; pages++ {
			if pages > n {
				t.Fatal("the web list's next-page links never end")
			}
			rec := w.page("GET", path, "xa.thanhsen", nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("web list %s: %d", path, rec.Code)
			}
			body := rec.Body.String()
			for _, m := range applicationLink.FindAllStringSubmatch(body, -1) {
				got[m[1]] = true
			}
			path = ""
			if m := nextLink.FindStringSubmatch(body); m != nil {
				path = html.UnescapeString(m[1])
			}
		}
		if len(got) != n || !sameKeys(got, want) {
			t.Errorf("the web list's pages reach %d of %d applications", len(got), n)
		}

		// The exports: every row, audited.
		w.audit.reset()
		rec := w.page("GET", "/applications/export?format=csv", "xa.thanhsen", nil)
		rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(rec.Body.String(), "\ufeff"))).ReadAll()
		if rec.Code != http.StatusOK || err != nil {
			t.Fatalf("CSV export: %d %v", rec.Code, err)
		}
		got = map[string]bool{}
		for _, r := range rows[1:] {
			got[r[0]] = true
		}
		if len(rows) != n+1 || !sameKeys(got, want) {
			t.Errorf("CSV export has %d rows for %d applications", len(rows)-1, n)
		}
		if audited := w.audit.named("application.list", "xa.thanhsen", "ui"); len(audited) != n {
			t.Errorf("the export audited %d citizens, want %d", len(audited), n)
		}
		if rec := w.page("GET", "/applications/export?format=xlsx", "xa.thanhsen", nil); rec.Code != http.StatusOK || rec.Body.Len() == 0 {
			t.Errorf("XLSX export: %d", rec.Code)
		}
	})
}

func sameKeys(a, b map[string]bool) bool {
	if len(a) != len(b) {
		return false
	}
	for k := range a {
		if !b[k] {
			return false
		}
	}
	return true
}

var citizenLink = regexp.MustCompile(`href="/citizens/([0-9a-f-]{36})"`)
var searchOffset = regexp.MustCompile(`name="offset" value="(\d+)"`)

// TestSearchPagesToTheEnd: a name shared by more people than a page holds
// was cut at 50 with "narrow the search"; the web search now offers the
// next page (posted, so the name never enters a URL) until all are shown.
func TestSearchPagesToTheEnd(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		const n = 120
		want := map[string]bool{}
		for i := range n {
			c, err := w.seed(registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: fmt.Sprintf("042182%06d", i),
				FullName: "Đỗ Thị Mai", BirthDate: pdate.Full(1982, 1, 1), Sex: registry.Female, Status: registry.Alive,
				Ethnicity: "01", Nationality: "VN", Permanent: registry.Residence{Commune: "18073", Province: "42"}})
			if err != nil {
				t.Fatal(err)
			}
			want[c.ID] = true
		}
		got, offset := map[string]bool{}, "0"
		for pages := 0; offset != ""; pages++ {
			if pages > n {
				t.Fatal("the search's next-page forms never end")
			}
			rec := w.page("POST", "/citizens/search", "xa.thanhsen", url.Values{"q": {"do thi mai"}, "offset": {offset}})
			if rec.Code != http.StatusOK {
				t.Fatalf("search at offset %s: %d", offset, rec.Code)
			}
			for _, m := range citizenLink.FindAllStringSubmatch(rec.Body.String(), -1) {
				got[m[1]] = true
			}
			offset = ""
			if m := searchOffset.FindStringSubmatch(rec.Body.String()); m != nil {
				offset = m[1]
			}
		}
		if !sameKeys(got, want) {
			t.Errorf("the search's pages reach %d of %d people named alike", len(got), n)
		}
	})
}
