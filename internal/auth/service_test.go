package auth_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

var ctx = context.Background()

type clock struct{ t time.Time }

func (c *clock) now() time.Time          { return c.t }
func (c *clock) advance(d time.Duration) { c.t = c.t.Add(d) }

const pw = "mật khẩu đủ dài"

func newService(t *testing.T) (*auth.Service, *clock, *memStore) {
	t.Helper()
	c := &clock{t: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	st := newMemStore()
	s := auth.NewService(auth.Config{Store: st, Now: c.now, Params: cheap,
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if _, err := s.CreateUser(ctx, "Hung.Officer", "Nguyễn Văn Hùng", auth.RoleCommune, "18073", pw); err != nil {
		t.Fatal(err)
	}
	return s, c, st
}

func TestLoginAndAuthenticate(t *testing.T) {
	s, _, _ := newService(t)
	token, u, err := s.Login(ctx, " hung.officer ", pw, "10.0.0.1")
	if err != nil {
		t.Fatal(err)
	}
	if u.Username != "hung.officer" || u.Unit != "18073" || len(token) != 43 {
		t.Errorf("login gave %+v, token length %d", u, len(token))
	}
	got, err := s.Authenticate(ctx, token)
	if err != nil || got.ID != u.ID {
		t.Fatalf("authenticate: %+v, %v", got, err)
	}
	if err := s.Logout(ctx, token); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("after logout: %v, want unauthenticated", err)
	}
	if err := s.Logout(ctx, token); err != nil {
		t.Errorf("second logout: %v", err)
	}
}

func TestLoginFailuresAreGeneric(t *testing.T) {
	s, _, _ := newService(t)
	_, _, wrongPw := s.Login(ctx, "hung.officer", "wrong password!", "10.0.0.1")
	_, _, noUser := s.Login(ctx, "nobody", pw, "10.0.0.2")
	if err := s.Disable(ctx, "hung.officer"); err != nil {
		t.Fatal(err)
	}
	_, _, disabled := s.Login(ctx, "hung.officer", pw, "10.0.0.3")
	for _, err := range []error{wrongPw, noUser, disabled} {
		if !apperr.Is(err, apperr.Unauthenticated) || err.Error() != "wrong username or password" {
			t.Errorf("login failure = %v, want the generic unauthenticated message", err)
		}
	}
}

func TestLoginRateLimit(t *testing.T) {
	s, c, _ := newService(t)
	for i := 0; i < 5; i++ {
		if _, _, err := s.Login(ctx, "hung.officer", "wrong password!", "10.0.0.1"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("failure %d: %v", i, err)
		}
	}
	// The right password is refused too while the username is locked, even
	// from another address.
	_, _, err := s.Login(ctx, "hung.officer", pw, "10.0.0.9")
	if !apperr.Is(err, apperr.RateLimited) {
		t.Fatalf("6th attempt: %v, want rate_limited", err)
	}
	var ra interface{ RetryAfter() time.Duration }
	if !errors.As(err, &ra) || ra.RetryAfter() <= 0 || ra.RetryAfter() > 15*time.Minute {
		t.Errorf("no usable retry-after in %v", err)
	}
	c.advance(15 * time.Minute)
	if _, _, err := s.Login(ctx, "hung.officer", pw, "10.0.0.9"); err != nil {
		t.Errorf("after the window: %v", err)
	}
}

func TestLoginRateLimitPerIP(t *testing.T) {
	s, _, _ := newService(t)
	for i := 0; i < 5; i++ {
		s.Login(ctx, "guess"+string(rune('a'+i)), "wrong password!", "10.0.0.7")
	}
	if _, _, err := s.Login(ctx, "hung.officer", pw, "10.0.0.7"); !apperr.Is(err, apperr.RateLimited) {
		t.Errorf("6th attempt from one IP: %v, want rate_limited", err)
	}
	if _, _, err := s.Login(ctx, "hung.officer", pw, "10.0.0.8"); err != nil {
		t.Errorf("other IP: %v", err)
	}
}

func TestSessionTimeouts(t *testing.T) {
	s, c, _ := newService(t)
	token, _, err := s.Login(ctx, "hung.officer", pw, "")
	if err != nil {
		t.Fatal(err)
	}
	// Used every 20 minutes, the session slides past 30 minutes...
	for i := 0; i < 3; i++ {
		c.advance(20 * time.Minute)
		if _, err := s.Authenticate(ctx, token); err != nil {
			t.Fatalf("use %d: %v", i, err)
		}
	}
	// ...but 31 idle minutes end it.
	c.advance(31 * time.Minute)
	if _, err := s.Authenticate(ctx, token); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("after 31 idle minutes: %v", err)
	}
	token, _, _ = s.Login(ctx, "hung.officer", pw, "")
	for i := 0; i < 36; i++ { // 12 h of use every 20 min
		c.advance(20 * time.Minute)
		_, err = s.Authenticate(ctx, token)
	}
	if !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("after 12 h: %v, want unauthenticated", err)
	}
}

func TestDisableAndResetEndSessions(t *testing.T) {
	s, _, st := newService(t)
	t1, _, _ := s.Login(ctx, "hung.officer", pw, "")
	if err := s.ResetPassword(ctx, "hung.officer", "một mật khẩu mới"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Authenticate(ctx, t1); err == nil {
		t.Error("session survived a password reset")
	}
	if _, _, err := s.Login(ctx, "hung.officer", pw, ""); err == nil {
		t.Error("old password still works")
	}
	t2, _, err := s.Login(ctx, "hung.officer", "một mật khẩu mới", "")
	if err != nil {
		t.Fatal(err)
	}
	s.Disable(ctx, "hung.officer")
	if _, err := s.Authenticate(ctx, t2); err == nil || len(st.sessions) != 0 {
		t.Error("session survived disabling")
	}
	if _, err := s.Authenticate(ctx, "not a token"); !apperr.Is(err, apperr.Unauthenticated) {
		t.Errorf("garbage token: %v", err)
	}
}

func TestCreateUserValidation(t *testing.T) {
	s, _, _ := newService(t)
	for _, tc := range []struct {
		name, username string
		role           auth.Role
		unit, pw       string
		field          string
	}{
		{"taken", "hung.officer", auth.RoleCommune, "18073", pw, ""},
		{"bad username", "a b", auth.RoleCommune, "18073", pw, "username"},
		{"bad role", "x.user", "mayor", "18073", pw, "role"},
		{"commune on province", "x.user", auth.RoleCommune, "42", pw, "unit"},
		{"province on commune", "x.user", auth.RoleProvince, "18073", pw, "unit"},
		{"unknown unit", "x.user", auth.RoleDistrict, "99", pw, "unit"},
		{"national with unit", "x.user", auth.RoleAdmin, "42", pw, "unit"},
		{"short password", "x.user", auth.RoleAdmin, "", "short", "password"},
	} {
		_, err := s.CreateUser(ctx, tc.username, "Someone", tc.role, tc.unit, tc.pw)
		var ae *apperr.Error
		if !errors.As(err, &ae) {
			t.Errorf("%s: %v, want an apperr", tc.name, err)
			continue
		}
		if tc.field == "" {
			if ae.Code != apperr.Conflict {
				t.Errorf("%s: %v, want conflict", tc.name, err)
			}
			continue
		}
		if ae.Code != apperr.Invalid || len(ae.Fields) != 1 || ae.Fields[0].Field != tc.field {
			t.Errorf("%s: %v %+v, want invalid %s", tc.name, err, ae.Fields, tc.field)
		}
	}
	for _, ok := range []struct {
		role auth.Role
		unit string
	}{{auth.RoleDistrict, "42"}, {auth.RoleDistrict, "18073"}, {auth.RoleProvince, "01"}, {auth.RoleAuditor, ""}} {
		if _, err := s.CreateUser(ctx, "u"+string(ok.role)+ok.unit, "Someone", ok.role, ok.unit, pw); err != nil {
			t.Errorf("%s on %q: %v", ok.role, ok.unit, err)
		}
	}
}
