package api

import (
	"dancu/internal/wire"
	"slices"
	"testing"

	"dancu/internal/pdate"
	"dancu/internal/quality"
	"dancu/internal/registry"
)

// seedFindings gives Hùng (Thành Sen) a partial birth date and Hưng (Trần
// Phú) an unknown religion code, so both communes have findings.
func seedFindings(t *testing.T, e *env) {
	t.Helper()
	// First make the seeded records clean: households with heads, every
	// recommended DC01 field.
	for key, rel := range map[string]string{"hung": "head", "hoa": "spouse", "hung2": "head", "an": ""} {
		z := e.citizens[key]
		z, err := wire.Register(e.db).Update(bg, z.ID, z.Version, func(c *registry.Citizen) error {
			place := registry.Place{Code: c.Permanent.Province, List: "2025-07-01"}
			c.Religion, c.BirthRegistration, c.Hometown, c.RelationToHead = "00", place, place, rel
			return nil
		}, registry.ChangeMeta{Actor: "test", Reason: "complete the record"})
		if err != nil {
			t.Fatal(err)
		}
		e.citizens[key] = z
	}
	for key, change := range map[string]func(*registry.Citizen) error{
		"hung":  func(c *registry.Citizen) error { c.BirthDate = pdate.Date{Year: 1990}; return nil },
		"hung2": func(c *registry.Citizen) error { c.Religion = "99"; return nil },
	} {
		z := e.citizens[key]
		if _, err := wire.Register(e.db).Update(bg, z.ID, z.Version, change, registry.ChangeMeta{Actor: "test", Reason: "seed a finding"}); err != nil {
			t.Fatal(err)
		}
	}
}

func TestQualityMetricsJurisdiction(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		seedFindings(t, e)
		// A commune officer sees their commune only, by default and on request.
		w := e.do("GET", "/api/v1/quality/metrics", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		got := decode[metricsResponse](t, w)
		if got.Unit != "18073" || len(got.Units) != 1 || got.Units[0].Unit != "18073" || got.Units[0].Records != 2 || got.Units[0].Warnings == 0 {
			t.Errorf("commune officer: %+v", got)
		}
		wantStatus(t, e.do("GET", "/api/v1/quality/metrics?unit=18100", "xa.thanhsen", nil), 403)
		wantStatus(t, e.do("GET", "/api/v1/quality/metrics?unit=42", "xa.thanhsen", nil), 403)
		// The province officer sees the province and its communes.
		w = e.do("GET", "/api/v1/quality/metrics", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		got = decode[metricsResponse](t, w)
		units := map[string]quality.Metrics{}
		for _, m := range got.Units {
			units[m.Unit] = m
		}
		if units["42"].Records != 3 || units["18100"].Errors != 1 || units["01"].Records != 0 {
			t.Errorf("province officer: %+v", got.Units)
		}
		wantStatus(t, e.do("GET", "/api/v1/quality/metrics?unit=01", "tinh.hatinh", nil), 403)
		// National roles see everything.
		w = e.do("GET", "/api/v1/quality/metrics", "kiem.toan", nil)
		wantStatus(t, w, 200)
		if got := decode[metricsResponse](t, w); len(got.Units) == 0 || got.Units[0].Records != 4 {
			t.Errorf("auditor: %+v", got)
		}
		wantStatus(t, e.do("GET", "/api/v1/quality/metrics?unit=abc", "quan.tri", nil), 400)
		wantStatus(t, e.do("GET", "/api/v1/quality/metrics", "", nil), 401)
	})
}

func TestQualityFindingsJurisdiction(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		seedFindings(t, e)
		w := e.do("GET", "/api/v1/quality/findings", "xa.thanhsen", nil)
		wantStatus(t, w, 200)
		page := decode[quality.FindingPage](t, w)
		if len(page.Items) == 0 {
			t.Fatal("commune officer sees no findings")
		}
		for _, f := range page.Items {
			if f.Commune != "18073" {
				t.Errorf("commune officer sees a finding of %s: %+v", f.Commune, f)
			}
		}
		// Hùng's partial birth date; Hoa's number encodes 1990, not 1992.
		if a := e.audit.last(); a.Action != actQualityFindings || !slices.Equal(a.CitizenIDs, findingIDs(page.Items)) ||
			!slices.Contains(a.CitizenIDs, e.citizens["hung"].ID) || !slices.Contains(a.CitizenIDs, e.citizens["hoa"].ID) {
			t.Errorf("audit: %+v", a)
		}
		wantStatus(t, e.do("GET", "/api/v1/quality/findings?unit=18100", "xa.thanhsen", nil), 403)
		// Filters.
		w = e.do("GET", "/api/v1/quality/findings?severity=error", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		page = decode[quality.FindingPage](t, w)
		if len(page.Items) != 1 || page.Items[0].Code != quality.CodeUnknownReligion || page.Items[0].CitizenID != e.citizens["hung2"].ID {
			t.Errorf("errors in 42: %+v", page)
		}
		w = e.do("GET", "/api/v1/quality/findings?code=date.partial&limit=1", "quan.tri", nil)
		wantStatus(t, w, 200)
		if page = decode[quality.FindingPage](t, w); len(page.Items) != 1 || page.Items[0].Code != quality.CodeDatePartial {
			t.Errorf("by code: %+v", page)
		}
		wantStatus(t, e.do("GET", "/api/v1/quality/findings?code=nope", "quan.tri", nil), 400)
		wantStatus(t, e.do("GET", "/api/v1/quality/findings?severity=fatal", "quan.tri", nil), 400)
		// One citizen's findings: by query and under /citizens/{id}.
		hung2 := e.citizens["hung2"].ID
		wantStatus(t, e.do("GET", "/api/v1/quality/findings?citizen_id="+hung2, "xa.thanhsen", nil), 403)
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung2+"/findings", "xa.thanhsen", nil), 403)
		w = e.do("GET", "/api/v1/citizens/"+hung2+"/findings", "tinh.hatinh", nil)
		wantStatus(t, w, 200)
		if page = decode[quality.FindingPage](t, w); len(page.Items) != 1 || page.Items[0].CitizenID != hung2 {
			t.Errorf("citizen findings: %+v", page)
		}
		if a := e.audit.last(); a.Action != actQualityFindings || len(a.CitizenIDs) != 1 || a.CitizenIDs[0] != hung2 {
			t.Errorf("audit: %+v", a)
		}
		wantStatus(t, e.do("GET", "/api/v1/citizens/"+hung2+"/nope", "tinh.hatinh", nil), 404)
	})
}
