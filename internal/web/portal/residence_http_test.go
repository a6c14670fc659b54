package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
	"time"

	"dancu/internal/auth"
	"dancu/internal/procedure"
)

// postForm posts a multipart form of the portal (fields, and files by
// input name) with the CSRF token read from page.
func postForm(t *testing.T, s *small, c *http.Client, page, path string, fields map[string]string, files map[string][]byte) *http.Response {
	t.Helper()
	res, err := c.Get(s.srv.URL + page)
	if err != nil {
		t.Fatal(err)
	}
	m := csrfRe.FindStringSubmatch(body(t, res))
	if m == nil {
		t.Fatalf("no CSRF token on %s", page)
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", m[1])
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile(name, name+".pdf")
		w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+path, &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestTemporaryResidenceFiledOnline: a level-2 citizen registers tạm trú
// in another commune online; the dossier lands in that commune's inbox
// with the proof attached, and an approval records the registration.
func TestTemporaryResidenceFiledOnline(t *testing.T) {
	s := newSmall(t)
	c := s.client(t, s.hung, 2)
	until := time.Now().AddDate(1, 0, 0).Format(time.DateOnly)
	fields := map[string]string{"province": "42", "commune": "18100", "address": "Số 5, ngõ 12, đường Hà Huy Tập",
		"from": time.Now().Format(time.DateOnly), "until": until, "basis": "rented"}
	res := postForm(t, s, c, "/portal/residence/temporary?province=42", "/portal/residence/temporary", map[string]string{"province": "42",
		"commune": "18100", "address": "x", "from": time.Now().Format(time.DateOnly), "until": "2020-01-01", "basis": "rented"}, nil)
	if page := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err_until"`) {
		t.Fatalf("a term in the past: %d %.800s", res.StatusCode, page)
	}
	res = postForm(t, s, c, "/portal/residence/temporary?province=42", "/portal/residence/temporary", fields,
		map[string][]byte{"accommodation_proof": []byte("%PDF-1.4 hop dong thue nha"), "owner_consent": []byte("%PDF-1.4 dong y")})
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/portal/dossiers?sent=") {
		t.Fatalf("submission: %d to %q", res.StatusCode, loc)
	}
	id := strings.TrimPrefix(loc, "/portal/dossiers?sent=")
	officer := auth.User{ID: "u2", Username: "xa.tranphu", Role: auth.RoleCommune, Unit: "18100"}
	v, err := s.svc.Procedures.Dossier(context.Background(), officer, id)
	if err != nil || v.Kind != "residence.temporary" || v.Channel != procedure.Online || len(v.Documents) != 2 {
		t.Fatalf("the receiving commune's dossier: %+v, %v", v, err)
	}
	if _, err := s.svc.Procedures.Take(context.Background(), officer, procedure.Step{DossierID: id, Action: procedure.ActApprove}, auditEntry()); err != nil {
		t.Fatal(err)
	}
	z, _ := s.svc.Register.Store().Citizen(context.Background(), s.hung.ID)
	if z.Temporary.Commune != "18100" || z.Temporary.Until.String() != until {
		t.Fatalf("after approval: %+v", z.Temporary)
	}
	res, err = c.Get(s.srv.URL + "/portal/record")
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, res); !strings.Contains(page, "Nơi tạm trú") || !strings.Contains(page, "Hà Huy Tập") || !strings.Contains(page, id) {
		t.Errorf("the record does not show the new tạm trú with its dossier: %.3000s", page)
	}
}

// TestAbsenceAndStayFiledOnline: tạm vắng for oneself and a lưu trú notice
// as a host (decided at once).
func TestAbsenceAndStayFiledOnline(t *testing.T) {
	s := newSmall(t)
	c := s.client(t, s.hung, 2)
	res := postForm(t, s, c, "/portal/residence/absence", "/portal/residence/absence", map[string]string{"case": "d",
		"from": time.Now().Format(time.DateOnly), "until": time.Now().AddDate(1, 1, 0).Format(time.DateOnly),
		"destination": "Thành phố Hồ Chí Minh", "reason": "Đi làm"}, nil)
	if res.Body.Close(); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("tạm vắng: %d", res.StatusCode)
	}
	res = postForm(t, s, c, "/portal/residence/stay", "/portal/residence/stay", map[string]string{"commune": "18073",
		"guests": "042090000456", "address": "Thôn 3", "arrival": time.Now().In(procedure.Vietnam).Format("2006-01-02T15:04"),
		"until": time.Now().AddDate(0, 0, 5).Format(time.DateOnly), "reason": "Thăm người thân"}, nil)
	if page := body(t, res); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lưu trú: %d %.1500s", res.StatusCode, page)
	}
	mine, err := s.svc.Procedures.CitizenDossiers(context.Background(), auth.Citizen{CitizenID: s.hung.ID, AccountID: "a", Level: 2})
	kinds := map[string]bool{}
	for _, it := range mine {
		kinds[it.Kind] = true
	}
	if err != nil || len(mine) != 2 || !kinds["residence.absence"] || !kinds["residence.stay_notice"] {
		t.Fatalf("the absentee's and host's dossiers: %+v, %v", mine, err)
	}
	guest, err := s.svc.Procedures.CitizenDossiers(context.Background(), auth.Citizen{CitizenID: s.lan.ID, AccountID: "b", Level: 2})
	if err != nil || len(guest) != 1 || guest[0].State != procedure.Done {
		t.Fatalf("the guest's notice: %+v, %v", guest, err)
	}
}
