package ui_test

import (
	"context"
	"dancu/internal/wire"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// TestSearchByOldCommuneCodeOnPage protects the search page's unit filter:
// a commune code of the 2025-03-01 list is mapped to the commune it became,
// and the page says so; one that became a commune outside the officer's
// area is refused next to the field.
func TestSearchByOldCommuneCodeOnPage(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "xa18073")
	// 18077 (Phường Bắc Hà) was merged into 18073 (Phường Thành Sen).
	body, res := s.post("/citizens/search", url.Values{"unit": {"18077"}, "_csrf": {s.csrf}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("search by old code: %d\n%s", res.StatusCode, body)
	}
	ids := regexp.MustCompile(`href="/citizens/([0-9a-f-]{36})"`).FindAllStringSubmatch(body, -1)
	if len(ids) == 0 {
		t.Fatalf("old code 18077 found nobody:\n%s", body)
	}
	for _, m := range ids {
		z, err := f.db.Citizens().Citizen(context.Background(), m[1])
		if err != nil {
			t.Fatal(err)
		}
		if z.Permanent.Commune != "18073" {
			t.Errorf("old code 18077 found a citizen of %s", z.Permanent.Commune)
		}
	}
	if !strings.Contains(body, "Mã 18077 thuộc danh mục 2025-03-01") || !strings.Contains(body, "18073 Phường Thành Sen") {
		t.Errorf("page does not say what 18077 was taken to mean:\n%s", body)
	}
	// 18088 (Thạch Trung) became 18100 (Trần Phú): another commune.
	body, res = s.post("/citizens/search", url.Values{"unit": {"18088"}, "_csrf": {s.csrf}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="unit-error"`) {
		t.Errorf("old code of another commune: %d, want 422 with a unit error", res.StatusCode)
	}
	body, res = s.post("/citizens/search", url.Values{"unit": {"99999"}, "_csrf": {s.csrf}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Không có đơn vị hành chính nào mang mã này") {
		t.Errorf("unknown code: %d, want 422 naming the problem", res.StatusCode)
	}
}

// TestAdminUnitsBrowseTheOldList protects browsing the 63-province list
// on the units page: a date before 2025-07-01 lists the old provinces, their
// districts and communes, each commune with the commune it became.
func TestAdminUnitsBrowseTheOldList(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, res := s.get("/admin/units?as_of=2025-05-01")
	if n := strings.Count(body, `href="/admin/units?province=`); res.StatusCode != http.StatusOK || n != 63 {
		t.Fatalf("as_of 2025-05-01: status %d, %d province links, want 63", res.StatusCode, n)
	}
	body, _ = s.get("/admin/units?as_of=2025-05-01&province=42")
	if !strings.Contains(body, `href="/admin/units?province=436&amp;as_of=2025-05-01"`) {
		t.Errorf("Hà Tĩnh's districts of 2025-03 are not listed with links:\n%.2000s", body)
	}
	body, _ = s.get("/admin/units?as_of=2025-05-01&province=436")
	if !strings.Contains(body, "Nay thuộc") || !strings.Contains(body, "18073 Phường Thành Sen") || !strings.Contains(body, "Phường Bắc Hà") {
		t.Errorf("district 436 lacks its communes with the communes they became:\n%.3000s", body)
	}
}

// TestHistoryShowsValidAndRecordedTime protects the two times of a version
// on the record page: a version in force before it was recorded (a batch
// imported with an effective date) says both.
func TestHistoryShowsValidAndRecordedTime(t *testing.T) {
	f := getFixture(t)
	z := registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), FullName: "Đinh Thị Thu", BirthDate: pdate.Full(1991, 4, 5),
		Sex: registry.Female, Status: registry.Alive, Ethnicity: "01", Nationality: "VN",
		Permanent: registry.Residence{Commune: "18073", Province: "42"}}
	meta := registry.ChangeMeta{Actor: "import", Reason: "import batch 99", ValidFrom: time.Date(2025, 5, 1, 0, 0, 0, 0, time.UTC)}
	if _, err := wire.Register(f.db).Create(context.Background(), z, meta); err != nil {
		t.Fatal(err)
	}
	s := login(t, f, "tinh42")
	body, res := s.get("/citizens/" + z.ID)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "có hiệu lực từ 01/05/2025") || !strings.Contains(body, "ghi nhận lúc") {
		t.Errorf("history lacks the valid time: %d\n%.3000s", res.StatusCode, body)
	}
	if !strings.Contains(body, "Việt Nam") || strings.Contains(body, ">VN<") {
		t.Errorf("nationality is not named")
	}
}
