package portal_test

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"dancu/internal/auth"
	"dancu/internal/procedure"
)

var csrfRe = regexp.MustCompile(`name="_csrf" value="([^"]+)"`)

func TestPagesNeedASessionAndSendStrictHeaders(t *testing.T) {
	s := newSmall(t)
	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, p := range []string{"/portal/", "/portal/record", "/portal/cards", "/portal/tracker", "/portal/dossiers", "/portal/correction"} {
		res, err := anon.Get(s.srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/portal/login" {
			t.Errorf("%s without a session: %d to %q", p, res.StatusCode, res.Header.Get("Location"))
		}
	}
	res, err := anon.Get(s.srv.URL + "/portal/login")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, res)
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'none'") || !strings.Contains(csp, "frame-ancestors 'none'") {
		t.Errorf("CSP %q", csp)
	}
	if res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(page, "VNeID") || strings.Contains(page, "<script") || strings.Contains(page, "style=") {
		t.Errorf("login page: cache %q, body %.300s", res.Header.Get("Cache-Control"), page)
	}
}

func TestCitizenSeesOwnRecordAndTracker(t *testing.T) {
	s := newSmall(t)
	c := s.client(t, s.hung, 1)
	res, err := c.Get(s.srv.URL + "/portal/record")
	if err != nil {
		t.Fatal(err)
	}
	page := body(t, res)
	for _, want := range []string{"Nguyễn Văn Hùng", "042090000123", "Phường Thành Sen", "Trần Thị Lan", "hiện tại"} {
		if !strings.Contains(page, want) {
			t.Errorf("the record page lacks %q", want)
		}
	}
	if strings.Contains(page, "042090000456") {
		t.Error("the record page shows another household member's ID number")
	}
	res, err = c.Get(s.srv.URL + "/portal/tracker")
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, res); !strings.Contains(page, "Bạn (qua cổng dịch vụ công dân)") || !strings.Contains(page, "Bạn xem thông tin của mình") {
		t.Errorf("the tracker does not show the citizen's own read: %.2000s", page)
	}
	res, err = c.Get(s.srv.URL + "/portal/cards")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("cards: %v %v", res.StatusCode, err)
	}
	res.Body.Close()
}

// correctionForm posts the correction form as the browser does.
func postCorrection(t *testing.T, s *small, c *http.Client, fields map[string]string, file []byte) *http.Response {
	t.Helper()
	res, err := c.Get(s.srv.URL + "/portal/correction")
	if err != nil {
		t.Fatal(err)
	}
	m := csrfRe.FindStringSubmatch(body(t, res))
	if m == nil {
		t.Fatal("no CSRF token on the correction form")
	}
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("_csrf", m[1])
	for k, v := range fields {
		mw.WriteField(k, v)
	}
	if file != nil {
		w, _ := mw.CreateFormFile("evidence", "giay-to.pdf")
		w.Write(file)
	}
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.srv.URL+"/portal/correction", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	res, err = c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	return res
}

func TestCorrectionRequestReachesTheCommune(t *testing.T) {
	s := newSmall(t)
	pdf := []byte("%PDF-1.4 hop dong thue bao")
	fields := map[string]string{"new_phone": "0912 345 678", "reason": "Số cũ không còn dùng"}
	if res := postCorrection(t, s, s.client(t, s.hung, 1), fields, pdf); res.StatusCode != http.StatusForbidden {
		t.Fatalf("a level-1 account filed a correction: %d", res.StatusCode)
	}
	c := s.client(t, s.hung, 2)
	res := postCorrection(t, s, c, map[string]string{"new_blood_type": "Z", "reason": "sai"}, nil)
	if page := body(t, res); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="err_blood_type"`) {
		t.Fatalf("an invalid blood type: %d %.500s", res.StatusCode, page)
	}
	res = postCorrection(t, s, c, fields, pdf)
	res.Body.Close()
	loc := res.Header.Get("Location")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(loc, "/portal/dossiers?sent=") {
		t.Fatalf("submission: %d to %q", res.StatusCode, loc)
	}
	id := strings.TrimPrefix(loc, "/portal/dossiers?sent=")
	officer := auth.User{ID: "u1", Username: "xa.thanhsen", Role: auth.RoleCommune, Unit: "18073"}
	inbox, err := s.svc.Procedures.Inbox(context.Background(), officer, procedure.Query{})
	if err != nil || len(inbox) != 1 || inbox[0].ID != id || len(inbox[0].Documents) != 1 {
		t.Fatalf("the commune's inbox: %+v, %v", inbox, err)
	}
	res, err = c.Get(s.srv.URL + "/portal/dossiers/" + id)
	if err != nil {
		t.Fatal(err)
	}
	if page := body(t, res); !strings.Contains(page, "Đã tiếp nhận") || !strings.Contains(page, "giay-to.pdf") || strings.Contains(page, "xa.thanhsen") {
		t.Errorf("the dossier page: %.1500s", page)
	}
	res, err = s.client(t, s.lan, 2).Get(s.srv.URL + "/portal/dossiers/" + id)
	if err != nil {
		t.Fatal(err)
	}
	if res.Body.Close(); res.StatusCode != http.StatusNotFound {
		t.Errorf("another citizen opened the dossier: %d", res.StatusCode)
	}
	if _, err := s.svc.Procedures.Take(context.Background(), officer, procedure.Step{DossierID: id, Action: procedure.ActApprove}, auditEntry()); err != nil {
		t.Fatal(err)
	}
	z, _ := s.svc.Register.Store().Citizen(context.Background(), s.hung.ID)
	if z.Phone != "0912345678" {
		t.Errorf("after approval the phone is %q", z.Phone)
	}
}

func TestCSRFIsRequired(t *testing.T) {
	s := newSmall(t)
	c := s.client(t, s.hung, 2)
	res, err := c.PostForm(s.srv.URL+"/portal/logout", nil)
	if err != nil {
		t.Fatal(err)
	}
	if res.Body.Close(); res.StatusCode != http.StatusForbidden {
		t.Errorf("logout without the CSRF token: %d", res.StatusCode)
	}
}
