package api

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"image"
	"image/png"
	"log/slog"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/blobstore"
	"dancu/internal/card"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/production"
	"dancu/internal/registry"
	"dancu/internal/synthbio"
)

// withCards rebuilds the handler with a blob store and a CSCA.
func withCards(t *testing.T, e *env) *pki.Authority {
	t.Helper()
	blobs, err := blobstore.New(t.TempDir(), bytes.Repeat([]byte{7}, blobstore.KeySize))
	if err != nil {
		t.Fatal(err)
	}
	authority, err := pki.Init(pki.DirStore{Dir: t.TempDir()}, []byte("a test passphrase"), pki.DefaultConfig(),
		pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}, e.auth.Now().Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	e.h = New(withServices(e.db, Config{Auth: e.auth, Logger: slog.New(slog.DiscardHandler), Metrics: prometheus.NewRegistry(),
		Version: "test", Auditor: e.audit, Blobs: blobs, CSCA: authority.CSCA()}))
	return authority
}

func TestUploadCaptureChecksQuality(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	withCards(t, e)
	photo, err := synthbio.Photo(1)
	if err != nil {
		t.Fatal(err)
	}
	var small bytes.Buffer
	png.Encode(&small, image.NewGray(image.Rect(0, 0, 100, 120)))
	tests := []struct {
		name, kind, user string
		body             []byte
		status           int
		want             string
	}{
		{"good photo", "photo", "xa.thanhsen", photo, http.StatusCreated, `"ref"`},
		{"too small a file for a photo", "photo", "xa.thanhsen", small.Bytes(), http.StatusBadRequest, "130 bytes"},
		{"tiny print", "fingerprint", "xa.thanhsen", small.Bytes(), http.StatusBadRequest, "100×120"},
		{"unknown kind", "iris", "xa.thanhsen", photo, http.StatusBadRequest, "photo, fingerprint or signature"},
		{"auditors do not capture", "photo", "kiem.toan", photo, http.StatusForbidden, "auditor"},
	}
	for _, tt := range tests {
		w := e.do("POST", "/api/v1/captures?kind="+tt.kind, tt.user, tt.body)
		if w.Code != tt.status || !strings.Contains(w.Body.String(), tt.want) {
			t.Errorf("%s: %d %s, want %d containing %q", tt.name, w.Code, w.Body, tt.status, tt.want)
		}
	}
}

func TestVerifyChip(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	authority := withCards(t, e)
	ds, err := authority.DocumentSigner(e.auth.Now())
	if err != nil {
		t.Fatal(err)
	}
	c := card.Card{Number: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male,
		Nationality: "Việt Nam", Residence: "Thôn 3, Xã Thành Sen", IssueDate: pdate.Full(2026, 1, 5), ExpiryDate: pdate.Full(2030, 5, 15)}
	_, img, err := production.Chip(c, ds, e.auth.Now())
	if err != nil {
		t.Fatal(err)
	}
	encode := func(files map[string][]byte) map[string]any {
		out := map[string]string{}
		for name, b := range files {
			out[name] = base64.StdEncoding.EncodeToString(b)
		}
		return map[string]any{"files": out}
	}
	var got chipVerifyResponse
	w := e.do("POST", "/api/v1/chip/verify", "tinh.hatinh", encode(img.Files()))
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || w.Code != 200 || !got.Valid {
		t.Fatalf("untouched chip: %d %s", w.Code, w.Body)
	}
	tampered := img.Files()
	tampered["DG13.bin"] = bytes.Replace(tampered["DG13.bin"], []byte("Hùng"), []byte("Hưng"), 1)
	w = e.do("POST", "/api/v1/chip/verify", "tinh.hatinh", encode(tampered))
	got = chipVerifyResponse{}
	if err := json.Unmarshal(w.Body.Bytes(), &got); err != nil || got.Valid {
		t.Fatalf("tampered DG13 passed: %d %s", w.Code, w.Body)
	}
	failed := ""
	for _, ch := range got.Checks {
		if !ch.OK {
			failed += ch.Name + ";"
		}
	}
	if !strings.Contains(failed, "DG13") {
		t.Errorf("failed checks %q do not name DG13", failed)
	}
	if w := e.do("POST", "/api/v1/chip/verify", "", encode(img.Files())); w.Code != http.StatusUnauthorized {
		t.Errorf("anonymous verify: %d", w.Code)
	}
}
