package idp

import (
	"testing"
	"time"
)

// TestMustLogIn: a browser session answers a request unless prompt=login
// or max_age asks for a new login (OIDC Core §3.1.2.1); max_age=0 always
// does, even at the very instant of the session's login.
func TestMustLogIn(t *testing.T) {
	now := time.Date(2026, 12, 7, 2, 0, 0, 0, time.UTC)
	age := func(n uint) *uint { return &n }
	tests := []struct {
		name     string
		req      AuthRequest
		authTime time.Time
		want     bool
	}{
		{"no prompt, no max_age", AuthRequest{}, now.Add(-8 * time.Hour), false},
		{"prompt=login", AuthRequest{Prompt: []string{"login"}}, now, true},
		{"prompt=login among others", AuthRequest{Prompt: []string{"consent", "login"}}, now, true},
		{"prompt=consent", AuthRequest{Prompt: []string{"consent"}}, now.Add(-time.Hour), false},
		{"max_age=0, a login an hour old", AuthRequest{MaxAge: age(0)}, now.Add(-time.Hour), true},
		{"max_age=0, a login this instant", AuthRequest{MaxAge: age(0)}, now, true},
		{"max_age=300, a login 299 s old", AuthRequest{MaxAge: age(300)}, now.Add(-299 * time.Second), false},
		{"max_age=300, a login 300 s old", AuthRequest{MaxAge: age(300)}, now.Add(-300 * time.Second), false},
		{"max_age=300, a login 301 s old", AuthRequest{MaxAge: age(300)}, now.Add(-301 * time.Second), true},
	}
	for _, tc := range tests {
		if got := mustLogIn(tc.req, tc.authTime, now); got != tc.want {
			t.Errorf("%s: mustLogIn = %v, want %v", tc.name, got, tc.want)
		}
	}
}
