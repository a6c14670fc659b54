package api

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"encoding/pem"
	"errors"
	"log/slog"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/share"
)

// shareEnv is the API with the verification service over one database,
// with its own settable clock for token expiry and rate limits.
type shareEnv struct {
	*env
	svc *share.Service
	mu  sync.Mutex
	now time.Time
}

func (s *shareEnv) clock() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.now
}

func (s *shareEnv) advance(d time.Duration) {
	s.mu.Lock()
	s.now = s.now.Add(d)
	s.mu.Unlock()
}

func newShareEnv(t testing.TB, engine string) *shareEnv { return newShareEnvWith(t, engine, nil) }

// newShareEnvWith lets a test change the service's configuration. A
// batch waiting for rate-limit tokens advances the test clock instead of
// sleeping.
func newShareEnvWith(t testing.TB, engine string, mod func(*share.Config)) *shareEnv {
	e := newEnv(t, dsnFor(t, engine))
	se := &shareEnv{env: e, now: time.Date(2026, 1, 5, 8, 0, 0, 0, time.UTC)}
	cfg := share.Config{Store: e.db.Sharing(), Now: se.clock, Params: testParams, TokenURL: "https://dancu.test/api/v1/oauth/token",
		Resolve: testDNS, Sleep: func(_ context.Context, d time.Duration) error { se.advance(d); return nil }}
	if mod != nil {
		mod(&cfg)
	}
	se.svc = share.NewService(cfg)
	e.h = New(withServices(e.db, Config{Auth: e.auth, Logger: slog.New(slog.NewJSONHandler(e.logs, nil)), Metrics: prometheus.NewRegistry(),
		Version: "test", Auditor: e.audit, Share: se.svc}))
	return se
}

// testDNS resolves the tests' webhook hosts from a table: the tests never
// ask the network.
func testDNS(_ context.Context, host string) ([]netip.Addr, error) {
	table := map[string]string{"insurer.example": "203.113.131.1", "example.com": "93.184.215.14", "localhost": "127.0.0.1",
		"metadata.example": "169.254.169.254"}
	if a, ok := table[host]; ok {
		return []netip.Addr{netip.MustParseAddr(a)}, nil
	}
	return nil, errors.New("no such host")
}

// agency registers a partner and returns its client secret.
func (s *shareEnv) agency(id string, fields []string, mod func(*share.Agency)) string {
	a := share.Agency{ID: id, Name: "Đối tác " + id, LegalBasis: "Nghị định 69/2024/NĐ-CP",
		Purposes: []share.Purpose{{Name: "kyc"}, {Name: "account_opening", ConsentRequired: true}}, Fields: fields,
		Events: []share.EventType{share.EventDeath}, RatePerSec: 1000, Burst: 1000, Status: share.Active, CreatedAt: s.clock()}
	if mod != nil {
		mod(&a)
	}
	secret := share.NewSecret()
	hash, err := s.svc.HashSecret(secret)
	if err != nil {
		s.t.Fatal(err)
	}
	if err := s.db.Sharing().CreateAgency(bg, a, hash); err != nil {
		s.t.Fatal(err)
	}
	return secret
}

// token asks the token endpoint with form values and returns the recorder.
func (s *shareEnv) tokenRequest(form url.Values, basic [2]string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("POST", "/api/v1/oauth/token", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if basic[0] != "" {
		req.SetBasicAuth(basic[0], basic[1])
	}
	return serve(s.env, req)
}

func (s *shareEnv) token(id, secret, audience string) string {
	s.t.Helper()
	w := s.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}, "audience": {audience}}, [2]string{})
	wantStatus(s.t, w, 200)
	return decode[tokenResponse](s.t, w).AccessToken
}

// call sends a JSON request with an agency token.
func (s *shareEnv) call(method, path, token string, body any) *httptest.ResponseRecorder {
	req := newRequest(method, path, "")
	if body != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(mustJSON(s.t, body)))
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return serve(s.env, req)
}

func newECKey(t testing.TB) (*ecdsa.PrivateKey, string) {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	der, _ := x509.MarshalPKIXPublicKey(&k.PublicKey)
	return k, string(pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der}))
}

func assertion(t testing.TB, k *ecdsa.PrivateKey, iss, aud, jti string, exp time.Time) string {
	tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.RegisteredClaims{Issuer: iss, Subject: iss, Audience: jwt.ClaimStrings{aud},
		ID: jti, ExpiresAt: jwt.NewNumericDate(exp)})
	s, err := tok.SignedString(k)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func mustJSON(t testing.TB, v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
