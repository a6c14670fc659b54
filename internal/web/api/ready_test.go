package api

import (
	"context"
	"errors"
	"net/http/httptest"
	"testing"
)

// /readyz answers from the store: ready on a working primary, 503 (with
// no detail of the database) when the store says no primary takes writes.
func TestReadyz(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		if w := e.do("GET", "/readyz", "", nil); w.Code != 200 || decode[map[string]string](t, w)["status"] != "ready" {
			t.Fatalf("readyz on a working database: %d %s", w.Code, w.Body)
		}
		cfg := withServices(e.db, Config{Auth: e.auth})
		cfg.Ready = ReadyFunc(func(context.Context) error { return errors.New("dial tcp 10.0.0.1:5432: connection refused") })
		down := New(cfg)
		w := httptest.NewRecorder()
		down.ServeHTTP(w, httptest.NewRequest("GET", "/readyz", nil))
		if w.Code != 503 {
			t.Fatalf("readyz without a primary: %d %s", w.Code, w.Body)
		}
		if body := decode[map[string]string](t, w); body["status"] != "unavailable" || body["reason"] == "" {
			t.Errorf("readyz without a primary: %v", body)
		}
	})
}

// A correction sent twice with one Idempotency-Key is applied once: the
// repeat is answered 409 and the record's version moves by one.
func TestIdempotencyKeyHeader(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		c := e.citizens["hung"]
		patch := func(key string) int {
			req := newRequest("PATCH", "/api/v1/citizens/"+c.ID, `{"reason":"số điện thoại mới","version":1,"changes":{"phone":"0912345678"}}`)
			req.Header.Set("Authorization", "Bearer "+e.tokens["xa.thanhsen"])
			req.Header.Set("Content-Type", "application/json")
			if key != "" {
				req.Header.Set("Idempotency-Key", key)
			}
			w := httptest.NewRecorder()
			e.h.ServeHTTP(w, req)
			return w.Code
		}
		if code := patch("bad key"); code != 400 {
			t.Errorf("a key with a space: %d, want 400", code)
		}
		if code := patch("k-1"); code != 200 {
			t.Fatalf("first correction: %d", code)
		}
		if code := patch("k-1"); code != 409 {
			t.Errorf("the same correction with the same key: %d, want 409", code)
		}
		got, err := e.db.Citizens().Citizen(bg, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 {
			t.Errorf("version %d after one correction sent twice under one key, want 2", got.Version)
		}
	})
}
