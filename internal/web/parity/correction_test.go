package parity_test

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"dancu/internal/audit"
)

// TestCorrectionJurisdictionSameBothDoors: a correction is one use case
// (registry.Service.Correct) whichever door it comes through. The table
// sends the same correction as a PATCH and as the web form and requires
// the same outcome: allowed for the officer whose unit holds the record
// now, refused for another commune, and refused for the commune the
// record has just moved out of, though that officer read it before the
// move (the check uses the record's current residence, re-read under its
// lock). An allowed correction is in the audit log, committed with the
// version; a refused one leaves no version.
func TestCorrectionJurisdictionSameBothDoors(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		for _, tc := range []struct {
			name, officer, citizen string
			moveTo                 string // moved by the province first, after the officer read it
			allowed                bool
		}{
			{"own commune", "xa.thanhsen", "hoa", "", true},
			{"province", "tinh.hatinh", "hung.form2", "", true},
			{"another commune", "xa.tranphu", "hoa", "", false},
			{"moved out since read", "xa.thanhsen", "hung", "18100", false},
		} {
			for _, door := range []string{"api", "ui"} {
				t.Run(tc.name+"/"+door, func(t *testing.T) {
					read := w.current(w.citizens[tc.citizen].ID)
					if tc.moveTo != "" && read.Permanent.Commune != tc.moveTo {
						w.moveTo(tc.citizen, tc.moveTo)
					}
					version := w.current(read.ID).Version
					phone := "09120000" + strconv.Itoa(10+version)
					reason := "Cập nhật số điện thoại theo đề nghị của công dân"
					var code int
					if door == "api" {
						code = w.apiDo("PATCH", "/api/v1/citizens/"+read.ID, tc.officer, map[string]any{"reason": reason,
							"version": version, "changes": map[string]any{"phone": phone}}).Code
					} else {
						code = w.page("POST", "/citizens/"+read.ID+"/edit", tc.officer, url.Values{"full_name": {read.FullName},
							"status": {string(read.Status)}, "phone": {phone}, "address": {read.Permanent.Address},
							"reason": {reason}, "version": {strconv.Itoa(version)}}).Code
					}
					after := w.current(read.ID)
					switch {
					case tc.allowed && (code != http.StatusOK && code != http.StatusSeeOther || after.Phone != phone):
						t.Fatalf("allowed correction: status %d, phone %q; want it saved", code, after.Phone)
					case !tc.allowed && (!refused(code) || after.Version != version):
						t.Fatalf("refused correction: status %d, version %d → %d; want 403/404 and no version", code, version, after.Version)
					}
					recs, err := w.db.AuditLog().AuditEntries(bg, audit.Filter{CitizenID: read.ID, Limit: 50})
					if err != nil {
						t.Fatal(err)
					}
					var updates int
					for _, r := range recs {
						if r.Entry.Action == "citizen.update" && r.Entry.Username == tc.officer && r.Entry.Result == "ok" {
							updates++
						}
					}
					if tc.allowed != (updates > 0) {
						t.Errorf("audit log holds %d update entries by %s for this record; allowed = %v", updates, tc.officer, tc.allowed)
					}
				})
			}
		}
	})
}
