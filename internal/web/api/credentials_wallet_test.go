package api

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/google/uuid"
	"github.com/prometheus/client_golang/prometheus"

	"dancu/internal/credential"
	"dancu/internal/idp"
	"dancu/internal/pdate"
	"dancu/internal/pki"
	"dancu/internal/registry"
	"dancu/internal/sqlstore"
	"dancu/internal/web/idpweb"
	"dancu/internal/wire"
)

const walletIssuer = "https://dancu.example"

// walletWorld is the API with the provider and the credential issuer: a
// citizen logged in through a FAPI 2.0 wallet, holding DPoP-bound tokens.
type walletWorld struct {
	t       *testing.T
	h       http.Handler
	oidc    *idp.Service
	citizen registry.Citizen
	key     *ecdsa.PrivateKey // the wallet's DPoP key
}

// oneAccount is the provider's accounts: one level-2 citizen.
type oneAccount struct{ p idp.Principal }

func (a oneAccount) Authenticate(context.Context, string, string) (idp.Principal, error) {
	return a.p, nil
}
func (a oneAccount) Usable(context.Context, string) error { return nil }

func newWalletWorld(t *testing.T) *walletWorld {
	t.Helper()
	now := time.Now()
	db, err := sqlstore.Open(bg, dsnFor(t, "sqlite"), sqlstore.Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	ring, err := idp.OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), now)
	if err != nil {
		t.Fatal(err)
	}
	authority, err := pki.Init(pki.DirStore{Dir: t.TempDir()}, []byte("wallet test passphrase"), pki.DefaultConfig(),
		pki.KDFParams{Time: 1, Memory: 8 * 1024, Threads: 1}, now.Add(-time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := authority.RotateCredentialIssuer(now.Add(-time.Hour)); err != nil {
		t.Fatal(err)
	}
	acc := &oneAccount{}
	svc := wire.New(db, wire.Config{OIDC: wire.OIDCConfig{Keys: ring, Accounts: acc},
		Credentials: wire.CredentialConfig{Keys: credential.PKIKeys{Authority: authority}, Issuer: walletIssuer}})
	c, err := svc.Register.Create(bg, registry.Citizen{ID: uuid.Must(uuid.NewV7()).String(), IDNumber: "042090000777", FullName: "Lê Văn Ví",
		BirthDate: pdate.Full(1990, 5, 15), Sex: registry.Male, Status: registry.Alive, Nationality: "VN",
		Permanent: registry.Residence{Commune: "18073", Province: "42"}}, registry.ChangeMeta{Actor: "test", Reason: "seed"})
	if err != nil {
		t.Fatal(err)
	}
	acc.p = idp.Principal{AccountID: "acc-ví", CitizenID: c.ID, Level: 2, AuthTime: now, Methods: []string{"pwd", "hwk"}}
	cfg := withWired(svc, Config{Auth: svc.Auth, Metrics: prometheus.NewRegistry(), Version: "test"})
	cfg.Credentials, cfg.OIDC, cfg.DPoP = svc.Credentials, svc.OIDC, idpweb.NewProofChecker(svc.OIDC)
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	return &walletWorld{t: t, h: New(cfg), oidc: svc.OIDC, citizen: c, key: key}
}

// token runs the provider's flow for a FAPI 2.0 wallet asking scopes and
// returns its DPoP-bound access token.
func (w *walletWorld) token(scopes ...string) string {
	w.t.Helper()
	jwk := jose.JSONWebKey{Key: &w.key.PublicKey}
	tp, _ := jwk.Thumbprint(crypto.SHA256)
	jkt := base64.RawURLEncoding.EncodeToString(tp)
	c, _, err := w.oidc.CreateClient(bg, idp.Client{ID: "wallet-" + strings.Join(scopes, "-"), Name: "Ví VNeID", LegalBasis: "NĐ 69/2024",
		RedirectURIs: []string{"https://wallet.example/cb"}, Scopes: scopes, AuthMethod: idp.AuthPrivateKeyJWT, FAPI: true})
	if err != nil {
		w.t.Fatal(err)
	}
	verifier := base64.RawURLEncoding.EncodeToString([]byte(strings.Repeat("v", 40)))
	sum := sha256.Sum256([]byte(verifier))
	uri, err := w.oidc.Push(bg, c, idp.AuthRequest{ClientID: c.ID, RedirectURI: "https://wallet.example/cb", Scopes: scopes,
		State: "s", Nonce: "n", CodeChallenge: base64.RawURLEncoding.EncodeToString(sum[:]), DPoPJKT: jkt})
	if err != nil {
		w.t.Fatal(err)
	}
	reqID := strings.TrimPrefix(uri, idp.PushedPrefix)
	if _, err := w.oidc.Login(bg, reqID, "042090000777", "pw"); err != nil {
		w.t.Fatal(err)
	}
	code, _, err := w.oidc.Approve(bg, reqID)
	if err != nil {
		w.t.Fatal(err)
	}
	ts, err := w.oidc.Redeem(bg, idp.Exchange{Client: c, Code: code, RedirectURI: "https://wallet.example/cb", CodeVerifier: verifier,
		JKT: jkt, Issuer: walletIssuer})
	if err != nil {
		w.t.Fatal(err)
	}
	return ts.AccessToken
}

// signed is a compact JWS by key with its public key in the header.
func signed(t *testing.T, key *ecdsa.PrivateKey, typ string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key}, (&jose.SignerOptions{EmbedJWK: true}).WithType(jose.ContentType(typ)))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := json.Marshal(claims)
	obj, err := s.Sign(b)
	if err != nil {
		t.Fatal(err)
	}
	out, _ := obj.CompactSerialize()
	return out
}

// post sends the wallet's credential request; dpopNonce "" sends no DPoP
// proof.
func (w *walletWorld) post(scheme, token, dpopNonce string, body any) *httptest.ResponseRecorder {
	b, _ := json.Marshal(body)
	r := httptest.NewRequest("POST", "http://dancu.test"+pathWalletCredential, strings.NewReader(string(b)))
	r.Header.Set("Content-Type", "application/json")
	if token != "" {
		r.Header.Set("Authorization", scheme+" "+token)
	}
	if dpopNonce != "" {
		ath := sha256.Sum256([]byte(token))
		r.Header.Set("DPoP", signed(w.t, w.key, "dpop+jwt", map[string]any{"jti": uuid.NewString(), "htm": "POST",
			"htu": "http://dancu.test" + pathWalletCredential, "iat": time.Now().Unix(), "nonce": dpopNonce,
			"ath": base64.RawURLEncoding.EncodeToString(ath[:])}))
	}
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, r)
	return rec
}

func (w *walletWorld) cNonce() string {
	rec := httptest.NewRecorder()
	w.h.ServeHTTP(rec, httptest.NewRequest("POST", pathWalletNonce, nil))
	var out struct {
		CNonce    string `json:"c_nonce"`
		ExpiresIn int    `json:"c_nonce_expires_in"`
	}
	if rec.Code != 200 || json.Unmarshal(rec.Body.Bytes(), &out) != nil || out.CNonce == "" || out.ExpiresIn != 300 {
		w.t.Fatalf("nonce endpoint: %d %s", rec.Code, rec.Body)
	}
	return out.CNonce
}

// TestWalletRoute: the wallet route checks the provider's token the way
// the provider's own resource does (DPoP-bound: the proof of its key,
// with this server's nonce; the cccd_credential scope), then the key
// proof; the account's level is the credential service's rule. The
// proof's own rules and the issued credential are tested on both engines
// in internal/sqlstore (TestCredentialToWallet).
func TestWalletRoute(t *testing.T) {
	w := newWalletWorld(t)
	tok := w.token("openid", idp.ScopeCredential)
	noScope := w.token("openid", "profile")
	rec := w.post("DPoP", tok, "", nil) // learn the server's DPoP nonce
	dn := rec.Header().Get("DPoP-Nonce")
	if dn == "" {
		t.Fatalf("no DPoP-Nonce: %d %s", rec.Code, rec.Body)
	}
	proofFor := func(typ, aud string) map[string]any {
		return map[string]any{"proofs": map[string]any{"jwt": []string{signed(t, w.key, typ, map[string]any{"aud": aud,
			"iat": time.Now().Unix(), "nonce": w.cNonce()})}}}
	}
	good := proofFor(credential.ProofType, walletIssuer)
	for _, tc := range []struct {
		name                  string
		scheme, token, dnonce string
		body                  any
		status                int
		code, contains        string
	}{
		{"no token", "", "", "", good, 401, "invalid_token", ""},
		{"a DPoP-bound token as Bearer", "Bearer", tok, "", good, 401, "invalid_token", "DPoP"},
		{"DPoP without a proof", "DPoP", tok, "", good, 401, "invalid_dpop_proof", ""},
		{"a stale DPoP nonce", "DPoP", tok, "bm90LWEtbm9uY2U", good, 401, "use_dpop_nonce", ""},
		{"no cccd_credential scope", "DPoP", noScope, dn, good, 403, "insufficient_scope", "cccd_credential"},
		{"two proofs", "DPoP", tok, dn, map[string]any{"proofs": map[string]any{"jwt": []string{"a", "b"}}}, 400, "invalid_credential_request", ""},
		{"wrong proof typ", "DPoP", tok, dn, proofFor("JWT", walletIssuer), 400, "invalid_proof", "typ"},
		{"wrong aud", "DPoP", tok, dn, proofFor(credential.ProofType, "https://other.example"), 400, "invalid_proof", "aud"},
		// The token's citizen has no VNeID account of level 2 here.
		{"no level-2 account", "DPoP", tok, dn, good, 403, "", "level-2"},
		{"the same nonce again", "DPoP", tok, dn, good, 400, "invalid_nonce", "already used"},
	} {
		rec := w.post(tc.scheme, tc.token, tc.dnonce, tc.body)
		var out struct {
			Error, Description, Detail string `json:",omitempty"`
			ErrorDescription           string `json:"error_description"`
		}
		json.Unmarshal(rec.Body.Bytes(), &out)
		text, code := out.ErrorDescription+out.Detail, out.Error
		if rec.Code == 401 || rec.Code == 403 { // problem details; the code in WWW-Authenticate and the detail
			if _, c, ok := strings.Cut(rec.Header().Get("WWW-Authenticate"), `error="`); ok {
				code, _, _ = strings.Cut(c, `"`)
			}
		}
		if rec.Code != tc.status || code != tc.code || !strings.Contains(text, tc.contains) {
			t.Errorf("%s: %d %s %s; want %d %q mentioning %q", tc.name, rec.Code, rec.Header().Get("WWW-Authenticate"), rec.Body, tc.status, tc.code, tc.contains)
		}
		if tc.status == 401 && rec.Header().Get("WWW-Authenticate") == "" {
			t.Errorf("%s: 401 without WWW-Authenticate", tc.name)
		}
	}
}
