package api

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"dancu/internal/apperr"
)

func TestProblemShape(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	w := e.do("GET", "/api/v1/citizens/nope", "quan.tri", nil)
	wantStatus(t, w, 404)
	if ct := w.Header().Get("Content-Type"); ct != "application/problem+json" {
		t.Errorf("content type %q", ct)
	}
	var raw map[string]any
	json.Unmarshal(w.Body.Bytes(), &raw)
	for _, k := range []string{"type", "title", "status", "detail", "instance"} {
		if _, ok := raw[k]; !ok {
			t.Errorf("problem lacks %q: %s", k, w.Body)
		}
	}
	if raw["status"] != float64(404) || raw["type"] != "urn:dancu:problem:not_found" {
		t.Errorf("problem %s", w.Body)
	}
	if _, ok := raw["errors"]; ok {
		t.Error("errors present without field errors")
	}
}

func TestStatusTable(t *testing.T) {
	for code, want := range map[apperr.Code]int{apperr.Invalid: 400, apperr.NotFound: 404, apperr.Conflict: 409,
		apperr.Forbidden: 403, apperr.Unauthenticated: 401, apperr.RateLimited: 429, apperr.Internal: 500} {
		p, _ := toProblem(apperr.New(code, "m"))
		if p.Status != want {
			t.Errorf("%s -> %d, want %d", code, p.Status, want)
		}
	}
	p, _ := toProblem(errors.New("database on fire: secret dsn"))
	if p.Status != 500 || strings.Contains(p.Detail, "secret") {
		t.Errorf("foreign error -> %+v", p)
	}
}

func TestInternalErrorIsLoggedNotShown(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	e.audit.fail = errors.New("audit disk full")
	w := e.do("GET", "/api/v1/citizens/"+e.citizens["hung"].ID, "quan.tri", nil)
	wantStatus(t, w, 500)
	if strings.Contains(w.Body.String(), "disk full") || strings.Contains(w.Body.String(), "Hùng") {
		t.Errorf("500 body leaks: %s", w.Body)
	}
	if !strings.Contains(e.logs.String(), "audit disk full") {
		t.Error("internal cause not logged")
	}
}

func TestRequestID(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	req := newRequest("GET", "/api/v1/citizens/nope", "")
	req.Header.Set("X-Request-ID", "trace-abc.123_X")
	req.Header.Set("Authorization", "Bearer "+e.tokens["quan.tri"])
	w := serve(e, req)
	if got := w.Header().Get("X-Request-ID"); got != "trace-abc.123_X" {
		t.Errorf("echoed %q", got)
	}
	if p := decode[Problem](t, w); p.Instance != "urn:dancu:request:trace-abc.123_X" {
		t.Errorf("instance %q", p.Instance)
	}
	for _, bad := range []string{"has space", strings.Repeat("x", 65), "<script>", ""} {
		req := newRequest("GET", "/healthz", "")
		req.Header.Set("X-Request-ID", bad)
		got := serve(e, req).Header().Get("X-Request-ID")
		if got == bad || len(got) != 24 {
			t.Errorf("request id %q replaced by %q", bad, got)
		}
	}
	if !strings.Contains(e.logs.String(), `"request_id":"trace-abc.123_X"`) {
		t.Error("request id not in the log line")
	}
}

func TestBodyLimits(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	big := `{"username":"` + strings.Repeat("a", 2<<20) + `","password":"x"}`
	w := e.do("POST", "/api/v1/auth/login", "", big)
	wantStatus(t, w, http.StatusRequestEntityTooLarge)
	if p := decode[Problem](t, w); p.Type != problemType+"too_large" {
		t.Errorf("too large: %+v", p)
	}
	for body, field := range map[string]string{
		`{"username":"a","password":"b","admin":true}`: "admin",
		`{"username":5,"password":"b"}`:                "username",
		`{"username":"a"`:                              "",
		``:                                             "",
		`{"username":"a","password":"b"} {}`:           "",
		`[1]`:                                          "(body)",
	} {
		w := e.do("POST", "/api/v1/auth/login", "", body)
		wantStatus(t, w, 400)
		p := decode[Problem](t, w)
		if field != "" && (len(p.Errors) != 1 || p.Errors[0].Field != field) {
			t.Errorf("%q: %+v, want field %s", body, p, field)
		}
	}
}

func TestUnknownRouteAndMethod(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	w := e.do("GET", "/api/v1/nothing", "", nil)
	wantStatus(t, w, 404)
	if w.Header().Get("Content-Type") != "application/problem+json" {
		t.Errorf("404 is %q: %s", w.Header().Get("Content-Type"), w.Body)
	}
	w = e.do("DELETE", "/api/v1/me", "", nil)
	wantStatus(t, w, 405)
	if p := decode[Problem](t, w); p.Type != problemType+"method_not_allowed" || w.Header().Get("Allow") == "" {
		t.Errorf("405: %+v %v", p, w.Header())
	}
}

func TestHealthz(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	w := e.do("GET", "/healthz", "", nil)
	wantStatus(t, w, 200)
	if strings.TrimSpace(w.Body.String()) != `{"status":"ok"}` {
		t.Errorf("healthz %s", w.Body)
	}
}

func TestPanicBecomesProblem(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	s := e.h.(*server)
	s.mux.Handle("GET /boom", s.wrap(route{method: "GET", path: "/boom", public: true,
		h: func(http.ResponseWriter, *http.Request, *call) error { panic("boom") }}))
	w := e.do("GET", "/boom", "", nil)
	wantStatus(t, w, 500)
	if p := decode[Problem](t, w); p.Type != problemType+"internal" || strings.Contains(w.Body.String(), "boom") {
		t.Errorf("panic answered %s", w.Body)
	}
	if !strings.Contains(e.logs.String(), "panic in handler") {
		t.Error("panic not logged")
	}
}
