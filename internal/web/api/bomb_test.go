package api

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dancu/internal/testtool"
)

// TestCaptureBombDoesNotKillTheServer reproduces the reported attack end to
// end: a 74-byte PNG whose header claims 1,000,000 × 1,000,000 pixels,
// posted as a signature (and as a print) to a running server. The upload
// must be refused with 400 naming the size and the server must go on
// answering. The server runs in a child process under a 2 GiB
// address-space limit, so a regression fails this test rather than
// exhausting the machine.
func TestCaptureBombDoesNotKillTheServer(t *testing.T) {
	if !testtool.UnderMemoryLimit(t, 2<<30) {
		return
	}
	e := newEnv(t, dsnFor(t, "sqlite"))
	withCards(t, e)
	srv := httptest.NewServer(e.h)
	defer srv.Close()
	post := func(kind string, body []byte) (int, string) {
		req, _ := http.NewRequest("POST", srv.URL+"/api/v1/captures?kind="+kind, bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+e.tokens["xa.thanhsen"])
		req.Header.Set("Content-Type", "image/png")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatalf("POST %s: %v", kind, err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	bomb := testtool.PNGBomb(1_000_000, 1_000_000)
	for _, kind := range []string{"signature", "fingerprint"} {
		status, body := post(kind, bomb)
		if status != http.StatusBadRequest || !strings.Contains(body, "1000000×1000000") {
			t.Errorf("%s bomb: %d %s, want 400 naming the claimed size", kind, status, body)
		}
	}
	res, err := srv.Client().Get(srv.URL + "/healthz")
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("the server stopped answering after the bombs: %v", err)
	}
	res.Body.Close()
}
