package api

import (
	"net/http/httptest"
	"testing"
)

// BenchmarkGetByNumber measures the server side of a point read: session
// check, read by ID number, jurisdiction, audit seam, JSON. No network.
func BenchmarkGetByNumber(b *testing.B) {
	for _, engine := range []string{"sqlite", "postgres"} {
		b.Run(engine, func(b *testing.B) {
			e := newEnv(b, dsnFor(b, engine))
			e.h = New(withServices(e.db, Config{Auth: e.auth, Logger: discardLogger(), Metrics: nil, Version: "bench"}))
			req := httptest.NewRequest("GET", "/api/v1/citizens/by-number/042090000123", nil)
			req.Header.Set("Authorization", "Bearer "+e.tokens["xa.thanhsen"])
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				e.h.ServeHTTP(w, req)
				if w.Code != 200 {
					b.Fatalf("status %d: %s", w.Code, w.Body)
				}
			}
		})
	}
}

// BenchmarkHealthz is the floor the HTTP stack itself costs.
func BenchmarkHealthz(b *testing.B) {
	e := newEnv(b, dsnFor(b, "sqlite"))
	e.h = New(withServices(e.db, Config{Auth: e.auth, Logger: discardLogger()}))
	req := httptest.NewRequest("GET", "/healthz", nil)
	b.ReportAllocs()
	for b.Loop() {
		e.h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
