package api

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"dancu/internal/auth"
)

// samplePath fills a route's path parameters.
func samplePath(path string) string {
	return strings.NewReplacer("{id}", "01951c9e-7f2a-7c3e-9d1b-2a4f6e8c0b11", "{number}", "042090000123", "{ref}", "HT-001").Replace(path)
}

func TestEveryPrivateRouteNeedsASession(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	tokens := map[string]string{
		"none":      "",
		"garbage":   "Bearer not-a-token",
		"wrong":     "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
		"basic":     "Basic eGE6eWI=",
		"no scheme": e.tokens["quan.tri"],
	}
	for _, rt := range (&server{}).routes() {
		if rt.public {
			continue
		}
		for name, h := range tokens {
			req := newRequest(rt.method, samplePath(rt.path), `{"reason":"x","version":1,"changes":{"phone":"0912345678"}}`)
			if h != "" {
				req.Header.Set("Authorization", h)
			}
			w := serve(e, req)
			if w.Code != http.StatusUnauthorized || w.Header().Get("WWW-Authenticate") == "" ||
				w.Header().Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s with %s: %d %q", rt.name(), name, w.Code, w.Header().Get("Content-Type"))
			}
			if strings.Contains(w.Body.String(), "Hùng") {
				t.Errorf("%s with %s leaked data", rt.name(), name)
			}
		}
	}
}

func TestLoginLogoutMe(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		w := e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "XA.ThanhSen", "password": testPassword})
		wantStatus(t, w, 200)
		lr := decode[loginResponse](t, w)
		if lr.Token == "" || lr.TokenType != "Bearer" || lr.User.Unit != "18073" || lr.User.Role != auth.RoleCommune ||
			lr.ExpiresAt.Sub(e.auth.Now()) != e.auth.IdleTimeout() {
			t.Errorf("login response %+v", lr)
		}
		e.tokens["new"] = lr.Token
		w = e.do("GET", "/api/v1/me", "new", nil)
		wantStatus(t, w, 200)
		if me := decode[auth.User](t, w); me.Username != "xa.thanhsen" {
			t.Errorf("me = %+v", me)
		}
		wantStatus(t, e.do("POST", "/api/v1/auth/logout", "new", nil), 204)
		wantStatus(t, e.do("GET", "/api/v1/me", "new", nil), 401)
		// The other session of the same user lives on.
		wantStatus(t, e.do("GET", "/api/v1/me", "xa.thanhsen", nil), 200)
	})
}

func TestLoginFailures(t *testing.T) {
	eachEngine(t, func(t *testing.T, e *env) {
		wrong := e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "xa.thanhsen", "password": "wrong password"})
		unknown := e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "nobody", "password": "wrong password"})
		for _, w := range []*httptestRecorder{wrong, unknown} {
			wantStatus(t, w, 401)
			if p := decode[Problem](t, w); p.Detail != "wrong username or password" {
				t.Errorf("detail %q", p.Detail)
			}
		}
		w := e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "xa.thanhsen"})
		wantStatus(t, w, 400)
		if p := decode[Problem](t, w); len(p.Errors) != 1 || p.Errors[0].Field != "password" {
			t.Errorf("missing password: %+v", p)
		}
	})
}

func TestLoginRateLimit(t *testing.T) {
	e := newEnv(t, dsnFor(t, "sqlite"))
	for i := 0; i < 5; i++ {
		wantStatus(t, e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "tinh.hatinh", "password": "wrong password"}), 401)
	}
	w := e.do("POST", "/api/v1/auth/login", "", map[string]string{"username": "tinh.hatinh", "password": testPassword})
	wantStatus(t, w, 429)
	if s, err := strconv.Atoi(w.Header().Get("Retry-After")); err != nil || s < 1 || s > 900 {
		t.Errorf("Retry-After %q", w.Header().Get("Retry-After"))
	}
	if p := decode[Problem](t, w); p.Type != problemType+"rate_limited" {
		t.Errorf("problem %+v", p)
	}
}
