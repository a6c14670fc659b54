package api

import (
	"strings"
	"testing"
)

// TestRoutesSharingAPatternAreToldApartByPath protects the route table as
// the one list of endpoints: /citizens/{id}/history and /findings share the
// mux pattern {id}/{sub}, yet each request reaches its own table route (and
// is counted under its own documented name), and a path the table does not
// name is a 404 rather than a handler's hidden extra.
func TestRoutesSharingAPatternAreToldApartByPath(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	id := e.citizens["hung"].ID
	wantStatus(t, e.do("GET", "/api/v1/citizens/"+id+"/history", "xa.thanhsen", nil), 200)
	wantStatus(t, e.do("GET", "/api/v1/citizens/"+id+"/findings", "xa.thanhsen", nil), 200)
	wantStatus(t, e.do("GET", "/api/v1/citizens/"+id+"/versions", "xa.thanhsen", nil), 404)
	wantStatus(t, e.do("GET", "/api/v1/citizens/"+id+"/findings", "", nil), 401)
	w := e.do("GET", "/metrics", "", nil)
	wantStatus(t, w, 200)
	for _, want := range []string{
		`dancu_http_requests_total{route="GET /api/v1/citizens/{id}/history",status="200"} 1`,
		`dancu_http_requests_total{route="GET /api/v1/citizens/{id}/findings",status="200"} 1`,
		`dancu_http_requests_total{route="GET /api/v1/citizens/{id}/findings",status="401"} 1`,
		`dancu_http_requests_total{route="GET /api/v1/citizens/{id}/{sub}",status="404"} 1`,
	} {
		if !strings.Contains(w.Body.String(), want) {
			t.Errorf("metrics lack %s", want)
		}
	}
}

func TestPathMatchesDocumentedPath(t *testing.T) {
	cases := []struct {
		documented, path string
		want             bool
	}{
		{"/api/v1/citizens/{id}/history", "/api/v1/citizens/abc/history", true},
		{"/api/v1/citizens/{id}/history", "/api/v1/citizens/abc/findings", false},
		{"/api/v1/citizens/{id}/history", "/api/v1/citizens/abc/history/x", false},
		{"/api/v1/citizens/{id}/history", "/api/v1/citizens/history", false},
	}
	for _, c := range cases {
		if got := pathMatches(c.documented, c.path); got != c.want {
			t.Errorf("pathMatches(%q, %q) = %v, want %v", c.documented, c.path, got, c.want)
		}
	}
}
