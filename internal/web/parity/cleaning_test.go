package parity_test

import (
	"dancu/internal/wire"
	"fmt"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/merge"
	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

var (
	pairLink   = regexp.MustCompile(`href="/cleaning/duplicates/([0-9a-f-]{36})"`)
	findingRow = regexp.MustCompile(`<tr class="sev-`)
	nextLinks  = regexp.MustCompile(`<a href="([^"]+)" rel="next">`)
)

// nextWith returns the page's next-page link that moves param on from
// the current page (the other list's link keeps param as it is).
func nextWith(body, current, param string) string {
	at := func(link string) string {
		u, err := url.Parse(link)
		if err != nil {
			return ""
		}
		return u.Query().Get(param)
	}
	for _, m := range nextLinks.FindAllStringSubmatch(body, -1) {
		if link := html.UnescapeString(m[1]); at(link) != at(current) {
			return link
		}
	}
	return ""
}

// TestCleaningListsPageToTheEnd: the duplicate queue and the findings of
// the cleaning page stopped silently at 50 rows each; both now link the
// next page until every pair and every finding was shown.
func TestCleaningListsPageToTheEnd(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		var people []registry.Citizen
		for i := range 14 {
			// No birth registration place, hometown or religion: three
			// warnings each.
			c, err := wire.Register(w.db).Create(bg, registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: fmt.Sprintf("042081%06d", i),
				FullName: "Trần Văn Tư", BirthDate: pdate.Full(1981, 1, 1), Sex: registry.Male, Status: registry.Alive, Ethnicity: "01",
				Nationality: "VN", Permanent: registry.Residence{Commune: "18073", Province: "42"}}, registry.ChangeMeta{Actor: "test", Reason: "seed"})
			if err != nil {
				t.Fatal(err)
			}
			people = append(people, c)
		}
		var pairs []merge.Candidate
		for i := range people {
			for j := i + 1; j < len(people); j++ {
				pairs = append(pairs, merge.Candidate{LeftID: people[i].ID, RightID: people[j].ID, Score: float64(i + j), Decision: "review",
					LeftUnit: "18073", RightUnit: "18073", LeftProvince: "42", RightProvince: "42"})
			}
		}
		if _, err := w.db.Review().SaveCandidates(bg, "run-1", pairs); err != nil {
			t.Fatal(err)
		}
		all, err := w.db.Quality().Findings(bg, quality.FindingQuery{Unit: "18073", Limit: 1000})
		if err != nil || all.More || len(all.Items) <= 50 {
			t.Fatalf("the commune has %d findings (more %v), %v; the test needs more than one page", len(all.Items), all.More, err)
		}

		pairsSeen, findings := map[string]bool{}, 0
		for path, pages := "/cleaning", 0; path != ""; pages++ {
			if pages > 100 {
				t.Fatal("the duplicate queue's next-page links never end")
			}
			rec := w.page("GET", path, "xa.thanhsen", nil)
			if rec.Code != http.StatusOK {
				t.Fatalf("%s: %d", path, rec.Code)
			}
			for _, m := range pairLink.FindAllStringSubmatch(rec.Body.String(), -1) {
				pairsSeen[m[1]] = true
			}
			path = nextWith(rec.Body.String(), path, "dup")
		}
		if len(pairsSeen) != len(pairs) {
			t.Errorf("the cleaning page's queue reaches %d of %d open pairs", len(pairsSeen), len(pairs))
		}
		for path, pages := "/cleaning", 0; path != ""; pages++ {
			if pages > 100 {
				t.Fatal("the findings' next-page links never end")
			}
			rec := w.page("GET", path, "xa.thanhsen", nil)
			findings += len(findingRow.FindAllString(rec.Body.String(), -1))
			path = nextWith(rec.Body.String(), path, "find")
		}
		if findings != len(all.Items) {
			t.Errorf("the cleaning page's findings reach %d of %d", findings, len(all.Items))
		}
	})
}
