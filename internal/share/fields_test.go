package share

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

// fullCitizen has a value in every field, so every catalogue entry is
// disclosable.
func fullCitizen() registry.Citizen {
	p := registry.PersonRef{Name: "Nguyễn Văn Hải", IDNumber: "042060000001", CitizenID: "internal-id"}
	res := registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3", Since: pdate.Full(2020, 1, 1), SourceCode: "x"}
	return registry.Citizen{ID: "opaque", IDNumber: "042090000123", CancelledIDNumbers: []string{"042090000999"}, OldIDNumber: "183456789",
		FullName: "Nguyễn Văn Hùng", OtherName: "Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, BirthPlace: "Hà Tĩnh",
		BirthRegistration: registry.Place{Code: "18073", List: "2025-07-01", Text: "UBND"}, Hometown: registry.Place{Text: "Nghệ An"},
		Ethnicity: "01", Religion: "00", Nationality: "VN", BloodType: "O", MaritalStatus: "married", Permanent: res, Temporary: res, Current: res,
		Father: p, Mother: p, Spouse: p, Representative: p, HouseholdRef: "HT-1", HouseholdHead: p, RelationToHead: "head",
		Phone: "0912345678", Email: "a@b.vn", Status: registry.Dead, DeathDate: pdate.Full(2026, 1, 1), MergedInto: "m", RecordRef: "r",
		Version: 3, UpdatedAt: time.Now()}
}

// TestCatalogueCoversCitizen: every JSON field of Citizen is either in the
// catalogue or deliberately internal, so a new field is a decision.
func TestCatalogueCoversCitizen(t *testing.T) {
	// A declared absence (tạm vắng) stays internal: its cases a and b
	// name people under criminal or administrative proceedings.
	internal := []string{"id", "merged_into", "record_ref", "version", "updated_at", "absence"}
	ty := reflect.TypeOf(registry.Citizen{})
	for i := 0; i < ty.NumField(); i++ {
		name, _, _ := strings.Cut(ty.Field(i).Tag.Get("json"), ",")
		if !IsField(name) && !slices.Contains(internal, name) {
			t.Errorf("Citizen.%s (%s) is neither disclosable nor internal", ty.Field(i).Name, name)
		}
	}
	c := fullCitizen()
	if got := Project(&c, Fields()); len(got) != len(Fields()) {
		t.Errorf("full projection has %d fields, want %d", len(got), len(Fields()))
	}
	b, _ := json.Marshal(Project(&c, Fields()))
	for _, secret := range []string{"internal-id", "opaque", `"m"`, `"r"`, "source_code"} {
		if strings.Contains(string(b), secret) {
			t.Errorf("projection leaks %s: %s", secret, b)
		}
	}
}

// TestProjectEveryFieldEveryScope tries every field against every
// single-field scope, the empty scope and the full scope: the answer holds
// exactly the scope's fields.
func TestProjectEveryFieldEveryScope(t *testing.T) {
	c := fullCitizen()
	scopes := [][]string{{}, Fields()}
	for _, f := range Fields() {
		scopes = append(scopes, []string{f})
	}
	for _, scope := range scopes {
		for _, f := range Fields() {
			granted, refused := Grant(scope, []string{f})
			got := Project(&c, granted)
			_, has := got[f]
			if in := slices.Contains(scope, f); has != in || (in && len(refused) > 0) || (!in && len(refused) != 1) {
				t.Errorf("scope %v field %s: disclosed %v, refused %v", scope, f, has, refused)
			}
			for k := range got {
				if !slices.Contains(scope, k) {
					t.Errorf("scope %v: %s disclosed", scope, k)
				}
			}
		}
	}
}
