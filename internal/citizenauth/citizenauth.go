// Package citizenauth is the seam through which a citizen, not an officer,
// calls the API: today with a short-lived token an administrator issues
// (dancu citizen token), later with the national e-ID (VNeID) login, which
// will issue the same kind of principal. A citizen principal may call only
// the citizen routes and only about themself.
package citizenauth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// Prefix marks citizen tokens, so the API routes them to this package
// without a look-up in the officer sessions, and an officer route refuses
// them by their shape.
const Prefix = "ct_"

// MaxTTL bounds a token's life: the seam is for trials and the portal's
// hand-over, not for long-lived credentials.
const MaxTTL = 7 * 24 * time.Hour

const tokenBytes = 32

// Token is what the store keeps: the SHA-256 of the token, never the token.
type Token struct {
	Hash      string
	CitizenID string
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Store keeps citizen tokens. CitizenToken returns an apperr.NotFound
// error for an unknown hash.
type Store interface {
	PutCitizenToken(ctx context.Context, t Token) error
	CitizenToken(ctx context.Context, hash string) (Token, error)
}

// Hash is the stored form of a token.
func Hash(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// Issue makes a token for citizenID valid for ttl from now.
func Issue(ctx context.Context, st Store, citizenID string, ttl time.Duration, now time.Time) (string, Token, error) {
	if ttl <= 0 || ttl > MaxTTL {
		return "", Token{}, apperr.New(apperr.Invalid, "token lifetime must be between 1s and %s", MaxTTL)
	}
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", Token{}, fmt.Errorf("citizenauth: read token: %w", err)
	}
	token := Prefix + base64.RawURLEncoding.EncodeToString(b)
	t := Token{Hash: Hash(token), CitizenID: citizenID, CreatedAt: now.UTC(), ExpiresAt: now.Add(ttl).UTC()}
	if err := st.PutCitizenToken(ctx, t); err != nil {
		return "", Token{}, err
	}
	return token, t, nil
}

// IsToken reports whether token has the shape of a citizen token.
func IsToken(token string) bool {
	rest, ok := strings.CutPrefix(token, Prefix)
	if !ok || len(rest) != base64.RawURLEncoding.EncodedLen(tokenBytes) {
		return false
	}
	_, err := base64.RawURLEncoding.DecodeString(rest)
	return err == nil
}

// Authenticate returns the citizen a live token stands for.
func Authenticate(ctx context.Context, st Store, token string, now time.Time) (string, error) {
	denied := apperr.New(apperr.Unauthenticated, "the citizen token is unknown or expired")
	if !IsToken(token) {
		return "", denied
	}
	t, err := st.CitizenToken(ctx, Hash(token))
	if apperr.CodeOf(err) == apperr.NotFound {
		return "", denied
	}
	if err != nil {
		return "", err
	}
	if !now.Before(t.ExpiresAt) {
		return "", denied
	}
	return t.CitizenID, nil
}
