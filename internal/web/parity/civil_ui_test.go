package parity_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dancu/internal/civilstatus"
	"dancu/internal/idnumber"
)

// TestCivilFormsAtTheDesk: the web application's forms of the
// civil-status and ID-number procedures, prefilled from the record, file
// dossiers into the same engine: a sex re-determination is recorded at
// once; the number's re-establishment waits for a second officer, whom
// the maker-checker rule requires on the dossier page too.
func TestCivilFormsAtTheDesk(t *testing.T) {
	eachEngine(t, func(t *testing.T, w *world) {
		hung := w.citizens["hung"]
		if page := w.page("GET", "/citizens/"+hung.ID, "xa.thanhsen", nil); !strings.Contains(page.Body.String(), `href="/new-civil?citizen=`+hung.ID+`"`) {
			t.Errorf("the record page links no civil-status procedure: %d", page.Code)
		}
		if page := w.page("GET", "/new-civil?citizen="+hung.ID, "xa.thanhsen", nil); page.Code != http.StatusOK ||
			!strings.Contains(page.Body.String(), `href="/new-civil/civil.death?citizen=`+hung.ID+`"`) {
			t.Errorf("the choice of procedures: %d", page.Code)
		}
		for _, k := range civilstatus.Kinds() {
			page := w.page("GET", "/new-civil/"+k.Info().Code+"?citizen="+hung.ID, "xa.thanhsen", nil)
			if body := page.Body.String(); page.Code != http.StatusOK || strings.Contains(body, "civ.") || strings.Contains(body, ">f.") {
				t.Errorf("the %s form: %d, or an untranslated label", k.Info().Code, page.Code)
			}
		}
		if rec := w.page("GET", "/new-civil/residence.permanent", "xa.thanhsen", nil); rec.Code != http.StatusNotFound {
			t.Errorf("a residence kind on the civil form: %d", rec.Code)
		}
		form := w.page("GET", "/new-civil/idnumber.reestablish?citizen="+hung.ID, "xa.thanhsen", nil)
		if form.Code != http.StatusOK || !strings.Contains(form.Body.String(), `value="`+hung.IDNumber+`"`) {
			t.Fatalf("the form, prefilled: %d", form.Code)
		}
		if rec := w.page("GET", "/new-civil/idnumber.reestablish?citizen="+w.citizens["minh"].ID, "xa.thanhsen", nil); !refused(rec.Code) {
			t.Errorf("a record of another commune prefilled a form: %d", rec.Code)
		}
		applicant := url.Values{"full_name": {hung.FullName}, "id_number": {hung.IDNumber}, "relation": {"self"}, "citizen_id": {hung.ID},
			"person": {hung.IDNumber}}
		with := func(extra url.Values) url.Values {
			out := url.Values{}
			for k, v := range applicant {
				out[k] = v
			}
			for k, v := range extra {
				out[k] = v
			}
			return out
		}
		rec := w.page("POST", "/new-civil/idnumber.reestablish", "xa.thanhsen", with(url.Values{"ground": {"sex_redetermined"}, "document_ref": {"QĐ 1"}}))
		if rec.Code != http.StatusUnprocessableEntity {
			t.Errorf("a re-establishment the record does not call for: %d", rec.Code)
		}
		rec = w.page("POST", "/new-civil/civil.correction", "xa.thanhsen", with(url.Values{"certificate_ref": {"XĐLGT 1/2026"},
			"ground": {"sex_redetermination"}, "sex": {"F"}}))
		if rec.Code != http.StatusSeeOther || !strings.HasPrefix(rec.Header().Get("Location"), "/dossiers/") {
			t.Fatalf("correction: %d %s", rec.Code, rec.Body)
		}
		rec = w.page("POST", "/new-civil/idnumber.reestablish", "xa.thanhsen", with(url.Values{"ground": {"sex_redetermined"}, "document_ref": {"QĐ 1"}}))
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("re-establishment: %d %s", rec.Code, rec.Body)
		}
		dossier := rec.Header().Get("Location")
		if page := w.page("GET", dossier, "xa.thanhsen", nil); page.Code != http.StatusOK || !strings.Contains(page.Body.String(), "idnumber.reestablish") &&
			!strings.Contains(page.Body.String(), "xác lập lại") {
			t.Errorf("the dossier page: %d", page.Code)
		}
		if rec = w.page("POST", dossier+"/step", "xa.thanhsen", url.Values{"action": {"approve"}}); rec.Code == http.StatusSeeOther {
			t.Fatal("the preparing officer approved the re-establishment")
		}
		if rec = w.page("POST", dossier+"/step", "tinh.hatinh", url.Values{"action": {"approve"}}); rec.Code != http.StatusSeeOther {
			t.Fatalf("second officer's approval: %d %s", rec.Code, rec.Body)
		}
		cur := w.current(hung.ID)
		if p, err := idnumber.Parse(cur.IDNumber); err != nil || p.Sex != idnumber.Female || cur.IDNumber == hung.IDNumber {
			t.Errorf("after approval the number is %q", cur.IDNumber)
		}
	})
}
