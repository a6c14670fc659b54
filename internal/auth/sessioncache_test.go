package auth_test

import (
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

func TestSessionCacheRevocation(t *testing.T) {
	tests := []struct {
		name      string
		revoke    func(s *auth.Service, st *memStore, token string)
		immediate bool // revoked in this process: refused at once
	}{
		{"logout", func(s *auth.Service, _ *memStore, tok string) { s.Logout(ctx, tok) }, true},
		{"disable", func(s *auth.Service, _ *memStore, _ string) { s.Disable(ctx, "hung.officer") }, true},
		{"password reset", func(s *auth.Service, _ *memStore, _ string) {
			s.ResetPassword(ctx, "hung.officer", "một mật khẩu mới dài")
		}, true},
		// Another server process deletes the session straight from the
		// store: this process notices once its cached entry runs out.
		{"other process", func(_ *auth.Service, st *memStore, tok string) {
			st.DeleteSession(ctx, auth.HashToken(tok))
		}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, c, st := newService(t)
			token, _, err := s.Login(ctx, "hung.officer", pw, "10.0.0.1")
			if err != nil {
				t.Fatal(err)
			}
			if _, err := s.Authenticate(ctx, token); err != nil {
				t.Fatal(err)
			}
			tt.revoke(s, st, token)
			_, err = s.Authenticate(ctx, token)
			if tt.immediate && !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("right after revocation: %v, want unauthenticated", err)
			}
			if !tt.immediate && err != nil {
				t.Fatalf("within the cache TTL the session is still trusted, got %v", err)
			}
			c.advance(3 * time.Second)
			if _, err := s.Authenticate(ctx, token); !apperr.Is(err, apperr.Unauthenticated) {
				t.Fatalf("after the cache TTL: %v, want unauthenticated", err)
			}
		})
	}
}
