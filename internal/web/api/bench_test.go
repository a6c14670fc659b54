package api

import (
	"strings"

	"dancu/internal/share"
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

// BenchmarkVerifyMatch measures the server side of a verification: agency
// token, purpose and scope, one read by ID number, audit seam, JSON. No
// network.
func BenchmarkVerifyMatch(b *testing.B) {
	s := newShareEnv(b, "sqlite")
	secret := s.agency("bank-a", []string{"full_name", "birth_date", "sex"}, func(a *share.Agency) { a.RatePerSec, a.Burst = 1e9, 1e9 })
	tok := s.token("bank-a", secret, share.AudienceVerify)
	h := s.citizens["hung"]
	body := `{"id_number":"` + h.IDNumber + `","full_name":"Nguyen Van Hung","birth_date":"` + h.BirthDate.String() + `","purpose":"kyc"}`
	b.ReportAllocs()
	for b.Loop() {
		req := httptest.NewRequest("POST", "/api/v1/verify/match", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, req)
		if w.Code != 200 {
			b.Fatalf("status %d: %s", w.Code, w.Body)
		}
	}
}
