package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// Two servers on one database share failed-login counts: failures spread
// over both refuse the next login on either, until the window ends.
func TestLoginFailuresAreSharedBetweenServers(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		ctx := context.Background()
		server := func() *auth.Service {
			return auth.NewService(auth.Config{Store: e.db.Users(), Failures: e.db.LoginFailures(), Now: e.clock.now,
				Params: auth.Params{Memory: 64, Time: 1, Threads: 1}, MaxFailures: 4, FailureWindow: 10 * time.Minute})
		}
		a, b := server(), server()
		if _, err := a.CreateUser(ctx, "xa.thanhsen", "Cán bộ", auth.RoleCommune, "18073", "mật khẩu đúng 123"); err != nil {
			t.Fatal(err)
		}
		for i := range 4 {
			s := []*auth.Service{a, b}[i%2]
			if _, _, err := s.Login(ctx, "xa.thanhsen", "sai", "192.0.2.7"); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("wrong password %d: %v", i+1, err)
			}
		}
		for name, s := range map[string]*auth.Service{"a": a, "b": b} {
			if _, _, err := s.Login(ctx, "xa.thanhsen", "mật khẩu đúng 123", "198.51.100.1"); !apperr.Is(err, apperr.RateLimited) {
				t.Errorf("server %s after 4 failures spread over two servers: %v, want rate limited", name, err)
			}
		}
		e.clock.advance(11 * time.Minute)
		if _, _, err := b.Login(ctx, "xa.thanhsen", "mật khẩu đúng 123", "198.51.100.1"); err != nil {
			t.Fatalf("login after the window ended: %v", err)
		}
		// The success cleared the username's count: one failure is not a refusal.
		if _, _, err := a.Login(ctx, "xa.thanhsen", "sai", "198.51.100.1"); !apperr.Is(err, apperr.Unauthenticated) {
			t.Fatalf("one failure after a success: %v", err)
		}
		if _, _, err := a.Login(ctx, "xa.thanhsen", "mật khẩu đúng 123", "198.51.100.1"); err != nil {
			t.Errorf("login after one failure: %v", err)
		}
	})
}
