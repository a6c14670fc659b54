package ui_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"dancu/internal/synthbio"
)

// captures are one synthetic applicant's files by form field.
func captures(t testing.TB, seed uint64) map[string][]byte {
	t.Helper()
	photo, err := synthbio.Photo(seed)
	if err != nil {
		t.Fatal(err)
	}
	sig, err := synthbio.SignaturePNG(seed)
	if err != nil {
		t.Fatal(err)
	}
	fps, err := synthbio.Fingerprints(seed)
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{"photo": photo, "signature": sig}
	for i, b := range fps {
		files[fmt.Sprintf("fp%d", i)] = b
	}
	return files
}

// blankPNG is a uniform grey image: a print the quality check refuses.
func blankPNG(t testing.TB) []byte {
	t.Helper()
	img := image.NewGray(image.Rect(0, 0, 400, 500))
	for i := range img.Pix {
		img.Pix[i] = 200
	}
	img.SetGray(0, 0, color.Gray{Y: 200})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func (s *session) multipart(path string, fields url.Values, files map[string][]byte) (string, *http.Response) {
	s.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	fields.Set("_csrf", s.csrf)
	for k, vs := range fields {
		for _, v := range vs {
			_ = mw.WriteField(k, v)
		}
	}
	for name, data := range files {
		w, _ := mw.CreateFormFile(name, name+".bin")
		_, _ = w.Write(data)
	}
	mw.Close()
	req, _ := http.NewRequest("POST", s.base+path, &body)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(req)
}

var (
	citizenRe = regexp.MustCompile(`/citizens/([0-9a-f-]{36})"`)
	hiddenRe  = regexp.MustCompile(`name="((?:fp\d|photo|signature)\w*_ref)" value="([0-9a-f]{32})"`)
	stationRe = regexp.MustCompile(`<option value="([0-9a-f-]{36})"`)
	slotRe    = regexp.MustCompile(`name="slot" value="(\d\d:\d\d)"`)
)

// TestBookingGivesQueueNumber books the first free slot of the coming
// days for a citizen and registers a walk-in; both show a queue number.
func TestBookingGivesQueueNumber(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, _ := s.post("/citizens/search", url.Values{"q": {"tran"}, "_csrf": {s.csrf}})
	ids := citizenRe.FindAllStringSubmatch(body, -1)
	if len(ids) < 2 {
		t.Fatal("no citizens to book for")
	}
	booked := false
	for d := 0; d < 10 && !booked; d++ {
		day := time.Now().AddDate(0, 0, d).Format("2006-01-02")
		page, res := s.get("/citizens/" + ids[0][1] + "/book?day=" + day)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("booking page: %d\n%.500s", res.StatusCode, page)
		}
		slot, station := slotRe.FindStringSubmatch(page), stationRe.FindStringSubmatch(page)
		if slot == nil || station == nil {
			continue
		}
		_, res = s.post("/citizens/"+ids[0][1]+"/book", url.Values{"station": {station[1]}, "day": {day}, "slot": {slot[1]}, "_csrf": {s.csrf}})
		if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/appointments/") {
			t.Fatalf("book: %d %s", res.StatusCode, res.Header.Get("Location"))
		}
		slip, _ := s.get(res.Header.Get("Location"))
		if !regexp.MustCompile(`id="queue-number">\d+<`).MatchString(slip) {
			t.Fatalf("the slip shows no queue number: %.800s", slip)
		}
		booked = true
	}
	if !booked {
		t.Fatal("no free slot in the next ten days")
	}
	if !f.audit.has("appointment.write", ids[0][1]) {
		t.Error("booking not audited")
	}
	for _, tc := range []struct {
		name, csrf string
		want       int
	}{{"no CSRF token", "", http.StatusForbidden}, {"valid", s.csrf, http.StatusSeeOther}} {
		page, _ := s.get("/citizens/" + ids[1][1] + "/book")
		station := stationRe.FindStringSubmatch(page)
		req, _ := http.NewRequest("POST", s.base+"/intake/walk-in", strings.NewReader(url.Values{"station": {station[1]}, "citizen": {ids[1][1]}, "_csrf": {tc.csrf}}.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if _, res := s.do(req); res.StatusCode != tc.want && res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("walk-in, %s: %d, want %d", tc.name, res.StatusCode, tc.want)
		}
	}
}

// TestIntakeChecksCapturesThenReceives uploads captures with one blank
// print (refused next to its input, the others kept), then marks that
// finger damaged and receives the application.
func TestIntakeChecksCapturesThenReceives(t *testing.T) {
	f := getFixture(t)
	s := login(t, f, "tinh42")
	body, _ := s.post("/citizens/search", url.Values{"q": {"le thi"}, "_csrf": {s.csrf}})
	ids := citizenRe.FindAllStringSubmatch(body, -1)
	for n, id := range ids {
		path := "/intake/new/" + id[1]
		form, res := s.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("intake form: %d", res.StatusCode)
		}
		files := captures(t, uint64(n+1))
		files["fp3"] = blankPNG(t)
		fields := url.Values{"station": {stationRe.FindStringSubmatch(form)[1]}, "type": {"first_issuance"}}
		page, res := s.multipart(path, fields, files)
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(page, `id="fp3-error"`) || !strings.Contains(page, "ảnh vân tay") {
			t.Fatalf("blank print: %d, want 422 with the check's message at fp3\n%.1500s", res.StatusCode, page)
		}
		kept := hiddenRe.FindAllStringSubmatch(page, -1)
		if len(kept) != 11 {
			t.Fatalf("%d captures kept after the failure, want 11", len(kept))
		}
		for _, k := range kept {
			fields.Set(k[1], k[2])
		}
		fields.Set("fp3_missing", "damaged")
		page, res = s.multipart(path, fields, nil)
		if res.StatusCode == http.StatusUnprocessableEntity && strings.Contains(page, "under way") {
			continue // this citizen already has an application; try the next
		}
		if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(res.Header.Get("Location"), "/receipt") {
			t.Fatalf("intake: %d %s\n%.1500s", res.StatusCode, res.Header.Get("Location"), page)
		}
		receipt, _ := s.get(res.Header.Get("Location"))
		for _, want := range []string{`id="app-number"`, `id="promised"`, `id="fee"`, "7 ngày làm việc", "Cấp thẻ lần đầu: miễn lệ phí"} {
			if !strings.Contains(receipt, want) {
				t.Errorf("the receipt lacks %s", want)
			}
		}
		return
	}
	t.Fatal("every candidate already had an application")
}
