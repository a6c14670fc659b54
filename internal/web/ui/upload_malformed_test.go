package ui_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestMalformedUploadIsABadRequest protects the intake form from answering
// a malformed body with 500 (an internal error, logged as a fault of the
// server): a multipart body without its boundary, cut short, or a body
// that is not multipart at all is the client's doing and answers 400.
func TestMalformedUploadIsABadRequest(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, _ := s.post("/citizens/search", url.Values{"q": {"le thi"}, "_csrf": {s.csrf}})
	ids := citizenRe.FindAllStringSubmatch(body, -1)
	if len(ids) == 0 {
		t.Fatal("no citizen to take captures for")
	}
	path := "/intake/new/" + ids[0][1]
	cut := "--XyZ\r\nContent-Disposition: form-data; name=\"station\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"photo\"; filename=\"p.jpg\"\r\n\r\n\xff\xd8\xff"
	for _, tc := range []struct{ name, contentType, body string }{
		{"cut short", "multipart/form-data; boundary=XyZ", cut},
		{"no boundary parameter", "multipart/form-data", cut},
		{"another boundary", "multipart/form-data; boundary=other", cut},
		{"not multipart", "application/x-www-form-urlencoded", "station=abc&type=first_issuance"},
		{"garbage", "multipart/form-data; boundary=XyZ", "\x00\x01\x02 not a form"},
	} {
		req, _ := http.NewRequest("POST", s.base+path, strings.NewReader(tc.body))
		req.Header.Set("Content-Type", tc.contentType)
		req.Header.Set("X-CSRF-Token", s.csrf)
		page, res := s.do(req)
		if res.StatusCode != http.StatusBadRequest || !strings.Contains(page, "biểu mẫu có tệp đính kèm") {
			t.Errorf("%s: %d, want 400 with the form-upload message\n%.600s", tc.name, res.StatusCode, page)
		}
	}
}
