package ui_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dancu/internal/registry"
)

// TestEditRefusesTextThatIsNotUTF8 protects records edited in the web app
// from bytes that are not UTF-8 (a crafted request; browsers send UTF-8):
// they were stored as U+FFFD in the name, or as raw bytes in the address.
// The form comes back with the error next to the field and the record
// keeps its version.
func TestEditRefusesTextThatIsNotUTF8(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	page, err := f.db.Citizens().Search(context.Background(), registry.Query{Unit: "42", Name: "le", Limit: 1})
	if err != nil || len(page.Items) == 0 {
		t.Fatalf("no citizen to edit: %v", err)
	}
	z, err := f.db.Citizens().Citizen(context.Background(), page.Items[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	for _, field := range []string{"full_name", "address", "reason"} {
		form := url.Values{"_csrf": {s.csrf}, "version": {itoa(z.Version)}, "full_name": {z.FullName}, "status": {string(z.Status)},
			"marital_status": {z.MaritalStatus}, "blood_type": {z.BloodType}, "address": {z.Permanent.Address},
			"reason": {"Đính chính theo hồ sơ"}}
		form.Set(field, form.Get(field)+"\xff\xfe")
		body, res := s.post("/citizens/"+z.ID+"/edit", form)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, `id="`+field+`-error"`) {
			t.Errorf("%s with invalid UTF-8: %d, want 422 with the error at the field", field, res.StatusCode)
		}
	}
	after, err := f.db.Citizens().Citizen(context.Background(), z.ID)
	if err != nil || after.Version != z.Version || after.FullName != z.FullName {
		t.Errorf("the record changed: version %d → %d, name %q", z.Version, after.Version, after.FullName)
	}
}
