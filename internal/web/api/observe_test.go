package api

import (
	"strings"
	"testing"
)

func TestMetrics(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	e.do("GET", "/api/v1/citizens/"+e.citizens["hung"].ID, "xa.thanhsen", nil)
	e.do("GET", "/api/v1/citizens/by-number/042090000789", "xa.thanhsen", nil)
	e.do("GET", "/nowhere", "", nil)
	w := e.do("GET", "/metrics", "", nil)
	wantStatus(t, w, 200)
	body := w.Body.String()
	for _, want := range []string{
		`dancu_http_requests_total{route="GET /api/v1/citizens/{id}",status="200"} 1`,
		`dancu_http_requests_total{route="GET /api/v1/citizens/by-number/{number}",status="403"} 1`,
		`dancu_http_requests_total{route="unmatched",status="404"} 1`,
		`dancu_http_request_duration_seconds_bucket{route="GET /api/v1/citizens/{id}",status="200",le="0.001"}`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("metrics lack %s", want)
		}
	}
	if strings.Contains(body, "042090000789") {
		t.Error("an ID number reached the metrics")
	}
}

// TestLogsCarryNoPersonalData runs requests with names, numbers and
// passwords in paths, queries and bodies, then searches the log.
func TestLogsCarryNoPersonalData(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "xa.thanhsen", "password": "wrong secret pw"})
	e.do("GET", "/api/v1/citizens/by-number/042090000123", "xa.thanhsen", nil)
	e.do("GET", "/api/v1/citizens?q=nguyen+van+hung+1990", "xa.thanhsen", nil)
	e.do("POST", "/api/v1/citizens/lookup", "xa.thanhsen", map[string]string{"id_number": "042090000789"})
	logs := e.logs.String()
	for _, secret := range []string{"042090000123", "042090000789", "nguyen", "Hùng", "wrong secret pw", testPassword, e.tokens["xa.thanhsen"]} {
		if strings.Contains(logs, secret) {
			t.Errorf("log contains %q", secret)
		}
	}
	if !strings.Contains(logs, `"route":"GET /api/v1/citizens/by-number/{number}"`) || !strings.Contains(logs, `"user_id":"`) {
		t.Errorf("log lines lack route or user:\n%s", logs)
	}
}
