package parity_test

import (
	"dancu/internal/wire"
	"fmt"
	"net/http"
	"testing"

	"github.com/google/uuid"

	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
	"dancu/internal/units"
)

// seed stores a record as an import would store it, with no rule run on
// it first: the one place these tests write a record directly.
func (w *world) seed(c registry.Citizen) (registry.Citizen, error) {
	return wire.Register(w.db).Create(bg, c, registry.ChangeMeta{Actor: "test", Reason: "imported as the source had it"})
}

// cleanRecord breaks no quality rule (as quality's own clean base).
func cleanRecord(n int) registry.Citizen {
	ht := registry.Place{Code: "42", List: string(units.List2025July), Text: "Tỉnh Hà Tĩnh"}
	return registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: fmt.Sprintf("04209%07d", 1000+n), FullName: "Nguyễn Văn Hùng",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, BirthRegistration: ht, Hometown: ht,
		Ethnicity: "01", Religion: "00", Nationality: "VN", Status: registry.Alive,
		Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}}
}

// TestRecordRuleFindingsResolveThroughTheProduct: for every record rule,
// a record that triggers it (stored as an import would store it) is fixed
// through the API's correction by the commune that keeps it, and the
// finding is gone. A rule that names only fields the product cannot
// change yet is listed with the reason, so a new rule cannot arrive
// without a way to resolve it or an explicit entry here.
func TestRecordRuleFindingsResolveThroughTheProduct(t *testing.T) {
	type fix struct {
		code    string
		trigger func(*registry.Citizen)
		changes map[string]any
	}
	fixes := []fix{
		{quality.CodeDeadWithResidence, func(c *registry.Citizen) { c.Status, c.DeathDate = registry.Dead, pdate.Full(2020, 1, 1) },
			map[string]any{"status": "dead"}},
		{quality.CodeTooOld, func(c *registry.Citizen) { c.IDNumber, c.BirthDate = "", pdate.Full(1901, 1, 1) },
			map[string]any{"status": "dead", "death_date": "1990-01-01"}},
		{quality.CodeDeathBeforeBirth, func(c *registry.Citizen) { c.Status, c.DeathDate = registry.Dead, pdate.Full(1989, 1, 1) },
			map[string]any{"death_date": "2020-01-01"}},
		{quality.CodeDatePartial, func(c *registry.Citizen) { c.Status, c.DeathDate = registry.Dead, pdate.Date{Year: 2020} },
			map[string]any{"death_date": "2020-03-04"}},
		{quality.CodeMissingRequired, func(c *registry.Citizen) { c.Ethnicity = "" }, map[string]any{"ethnicity": "01"}},
		{quality.CodeMissingRecommended, func(c *registry.Citizen) { c.Religion = "" }, map[string]any{"religion": "00"}},
		{quality.CodeUnknownUnit, func(c *registry.Citizen) { c.Temporary = registry.Residence{Commune: "99999", Province: "42"} },
			map[string]any{"temporary": map[string]any{"commune": "18100", "address": "Tổ 5"}}},
		{quality.CodeUnknownEthnicity, func(c *registry.Citizen) { c.Ethnicity = "55" }, map[string]any{"ethnicity": "54"}},
		{quality.CodeUnknownReligion, func(c *registry.Citizen) { c.Religion = "15" }, map[string]any{"religion": "14"}},
	}
	// The rules whose fields only a civil-status or ID-number decision
	// changes are resolved through those procedures
	// (TestRecordRuleFindingsResolveThroughProcedures, procedureFixes).
	// What remains cannot be resolved by a correction of one record, and
	// says why.
	notYet := map[string]string{
		quality.CodeDateInvalid: "no stored record can trigger it: pdate.Date refuses to encode a day that does not exist, and imports " +
			"refuse it; a birth_date would be corrected by civil.correction, a death_date by PATCH",
		quality.CodeDuplicateIDNumber: "a number held by one record and cancelled from another names one person twice: resolved by " +
			"merging the pair (duplicate review), not by changing one record",
	}
	covered := map[string]bool{}
	for _, f := range fixes {
		covered[f.code] = true
	}
	for _, f := range procedureFixes {
		covered[f.code] = true
	}
	for _, r := range quality.Rules() {
		if !covered[r.Code] && notYet[r.Code] == "" {
			t.Errorf("rule %s has no resolution through the product and no entry saying why", r.Code)
		}
		if covered[r.Code] && notYet[r.Code] != "" {
			t.Errorf("rule %s is both resolved and listed as not resolvable", r.Code)
		}
	}

	eachEngine(t, func(t *testing.T, w *world) {
		for i, f := range fixes {
			c := cleanRecord(i)
			f.trigger(&c)
			stored, err := w.seed(c)
			if err != nil {
				t.Fatal(err)
			}
			if !w.findingCodes("xa.thanhsen", stored.ID)[f.code] {
				t.Errorf("%s: the stored record does not trigger the rule", f.code)
				continue
			}
			rec := w.apiDo("PATCH", "/api/v1/citizens/"+stored.ID, "xa.thanhsen", map[string]any{"reason": "Đính chính theo hồ sơ gốc",
				"version": stored.Version, "changes": f.changes})
			if rec.Code != http.StatusOK {
				t.Errorf("%s: the correction is refused: %d %s", f.code, rec.Code, rec.Body)
				continue
			}
			if w.findingCodes("xa.thanhsen", stored.ID)[f.code] {
				t.Errorf("%s: still reported after the correction %v", f.code, f.changes)
			}
		}
	})
}
