package citizenauth_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/citizenauth"
)

type memStore map[string]citizenauth.Token

func (m memStore) PutCitizenToken(_ context.Context, t citizenauth.Token) error {
	m[t.Hash] = t
	return nil
}

func (m memStore) CitizenToken(_ context.Context, hash string) (citizenauth.Token, error) {
	t, ok := m[hash]
	if !ok {
		return t, apperr.New(apperr.NotFound, "no token")
	}
	return t, nil
}

func TestIssueAndAuthenticate(t *testing.T) {
	ctx, st := context.Background(), memStore{}
	now := time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)
	token, rec, err := citizenauth.Issue(ctx, st, "c1", time.Hour, now)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(rec.Hash, token) || st[rec.Hash].CitizenID != "c1" {
		t.Fatalf("stored %+v", rec)
	}
	tests := []struct {
		name  string
		token string
		at    time.Time
		want  string
	}{
		{"valid", token, now.Add(59 * time.Minute), "c1"},
		{"expired", token, now.Add(time.Hour), ""},
		{"unknown", citizenauth.Prefix + strings.Repeat("A", 43), now, ""},
		{"officer-shaped", strings.TrimPrefix(token, citizenauth.Prefix), now, ""},
		{"empty", "", now, ""},
	}
	for _, tt := range tests {
		got, err := citizenauth.Authenticate(ctx, st, tt.token, tt.at)
		if got != tt.want || (tt.want == "" && apperr.CodeOf(err) != apperr.Unauthenticated) {
			t.Errorf("%s: got %q, %v", tt.name, got, err)
		}
	}
	for _, ttl := range []time.Duration{0, -time.Second, citizenauth.MaxTTL + time.Second} {
		if _, _, err := citizenauth.Issue(ctx, st, "c1", ttl, now); apperr.CodeOf(err) != apperr.Invalid {
			t.Errorf("ttl %s: %v", ttl, err)
		}
	}
}
