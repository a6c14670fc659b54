package idp

import (
	"context"
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"dancu/internal/pdate"
	"dancu/internal/registry"
)

func TestClientValidate(t *testing.T) {
	ok := Client{ID: "bank-a", Name: "Bank", LegalBasis: "NĐ 69/2024", RedirectURIs: []string{"https://bank.example/cb"},
		Scopes: []string{"openid", "profile"}, AuthMethod: AuthSecretBasic, Status: ClientActive}
	for _, tc := range []struct {
		name  string
		edit  func(*Client)
		field string // "" when valid
	}{
		{"valid", func(*Client) {}, ""},
		{"loopback http for development", func(c *Client) { c.RedirectURIs = []string{"http://127.0.0.1:8000/cb"} }, ""},
		{"plain http", func(c *Client) { c.RedirectURIs = []string{"http://bank.example/cb"} }, "redirect_uris"},
		{"fragment", func(c *Client) { c.RedirectURIs = []string{"https://bank.example/cb#x"} }, "redirect_uris"},
		{"no openid", func(c *Client) { c.Scopes = []string{"profile"} }, "scopes"},
		{"unknown scope", func(c *Client) { c.Scopes = []string{"openid", "everything"} }, "scopes"},
		{"level-2 data without FAPI", func(c *Client) { c.Scopes = []string{"openid", "residence"} }, "scopes"},
		{"FAPI with a secret", func(c *Client) { c.FAPI = true }, "auth_method"},
		{"FAPI with keys and level-2 data", func(c *Client) {
			c.FAPI, c.AuthMethod, c.Scopes = true, AuthPrivateKeyJWT, []string{"openid", "residence"}
		}, ""},
		{"bad id", func(c *Client) { c.ID = "Bank A" }, "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := ok
			c.RedirectURIs, c.Scopes = append([]string(nil), ok.RedirectURIs...), append([]string(nil), ok.Scopes...)
			tc.edit(&c)
			err := c.Validate()
			if (err == nil) != (tc.field == "") || (err != nil && !strings.Contains(errFields(err), tc.field)) {
				t.Fatalf("Validate = %v, want a refusal of %q", err, tc.field)
			}
		})
	}
}

func errFields(err error) string {
	if e, ok := err.(interface{ Error() string }); ok {
		return e.Error() + fieldsOf(err)
	}
	return ""
}

func TestRequiredLevel(t *testing.T) {
	for _, tc := range []struct {
		acr  []string
		want int
	}{
		{nil, 1}, {[]string{"unknown"}, 1}, {[]string{ACRLevel2}, 2},
		{[]string{ACRLevel2, ACRLevel1}, 1}, // any listed value satisfies the request
		{[]string{ACRLevel1}, 1},
	} {
		if got := RequiredLevel(tc.acr); got != tc.want {
			t.Errorf("RequiredLevel(%v) = %d, want %d", tc.acr, got, tc.want)
		}
	}
}

func TestClaimsFollowScopesAndLevel(t *testing.T) {
	c := registry.Citizen{ID: "c1", IDNumber: "042090000123", FullName: "Nguyễn Văn Hùng", BirthDate: pdate.Full(1990, 5, 15), Sex: "M",
		Email: "hung@example.vn", Permanent: registry.Residence{Commune: "18073", Province: "42", Address: "Thôn 3"}}
	got := Claims(c, []string{"openid", "profile"}, 2, nil)
	if got["name"] != c.FullName || got["birthdate"] != "1990-05-15" || got["gender"] != "male" || got["id_number"] != nil || got["email"] != nil {
		t.Errorf("profile claims %v", got)
	}
	if got := Claims(c, []string{"openid", "id_number"}, 1, nil); got["id_number"] != c.IDNumber || len(got) != 1 {
		t.Errorf("id_number claims %v", got)
	}
	if got := Claims(c, []string{"openid", "residence"}, 1, nil); len(got) != 0 {
		t.Errorf("level-2 data released after a level-1 login: %v", got)
	}
	if got := Claims(c, []string{"openid", "residence"}, 2, nil); got["address"] == nil {
		t.Errorf("residence after a level-2 login: %v", got)
	}
	if f := ReleasedFields(Claims(c, []string{"openid", "profile"}, 1, nil)); strings.Join(f, ",") != "sub,birthdate,gender,name" {
		t.Errorf("released fields %v", f)
	}
}

func TestPKCE(t *testing.T) {
	verifier := strings.Repeat("a", 43)
	challenge := "ZtNPunH49FD35FWYhT5Tv8I7vRKQJ8uxMaL0_9eHjNA" // base64url(SHA-256(verifier))
	if !verifyPKCE(challenge, verifier) {
		t.Fatal("the right verifier is refused")
	}
	for _, v := range []string{"", strings.Repeat("a", 42), strings.Repeat("b", 43), strings.Repeat("a", 129)} {
		if verifyPKCE(challenge, v) {
			t.Errorf("verifier %q accepted", v)
		}
	}
}

func TestKeyRingRotationAndRetirement(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "oidc")
	now := time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)
	r, err := OpenKeyRing(dir, now)
	if err != nil {
		t.Fatal(err)
	}
	first := r.Keys()[0].KID
	old, err := r.Sign([]byte(`{"n":1}`))
	if err != nil {
		t.Fatal(err)
	}
	second, err := r.Rotate(now.Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	// A reopened ring signs with the newest key and still publishes the old one.
	r, err = OpenKeyRing(dir, now.Add(2*time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	set := r.JWKS()
	if len(set.Keys) != 2 || set.Keys[0].KeyID != second || set.Keys[1].KeyID != first {
		t.Fatalf("JWKS after rotation: %v", set.Keys)
	}
	fresh, _ := r.Sign([]byte(`{"n":2}`))
	if kid := headerKID(t, fresh); kid != second {
		t.Fatalf("signed with %s, want the new key %s", kid, second)
	}
	if _, err := verifyWith(set, old); err != nil {
		t.Fatalf("a token signed before the rotation no longer verifies: %v", err)
	}
	if gone, err := r.Retire(1); err != nil || len(gone) != 1 || gone[0] != first {
		t.Fatalf("retire: %v %v", gone, err)
	}
	if _, err := verifyWith(r.JWKS(), old); err == nil {
		t.Fatal("a retired key still verifies")
	}
	for _, e := range mustReadDir(t, dir) {
		if st, _ := os.Stat(filepath.Join(dir, e)); st.Mode().Perm() != 0o600 {
			t.Errorf("%s has mode %v", e, st.Mode().Perm())
		}
	}
	os.Chmod(filepath.Join(dir, pairwiseFile), 0o644)
	if _, err := OpenKeyRing(dir, now); err == nil {
		t.Fatal("a secret readable by others was accepted")
	}
}

func mustReadDir(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range es {
		out = append(out, e.Name())
	}
	return out
}

func headerKID(t *testing.T, jwt string) string {
	t.Helper()
	sig, err := jose.ParseSigned(jwt, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		t.Fatal(err)
	}
	return sig.Signatures[0].Header.KeyID
}

func verifyWith(set jose.JSONWebKeySet, token string) ([]byte, error) {
	sig, err := jose.ParseSigned(token, []jose.SignatureAlgorithm{jose.ES256})
	if err != nil {
		return nil, err
	}
	keys := set.Key(sig.Signatures[0].Header.KeyID)
	if len(keys) == 0 {
		return nil, os.ErrNotExist
	}
	return sig.Verify(keys[0].Key)
}

func TestSealedAccessTokenAndPairwiseSubject(t *testing.T) {
	r, err := OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC().Truncate(time.Microsecond)
	// Ids long enough that a random token cannot hold them by chance (two
	// characters could: the test failed 13 times in 200).
	const citizen, account = "citizen-5f0e2a91c4d7", "account-8b13e6d0a2f9"
	tok := Token{GrantID: "g", ClientID: "rp", CitizenID: citizen, AccountID: account, Scopes: []string{"openid"}, Level: 2,
		AuthTime: now.Truncate(time.Second), JKT: "jkt", IssuedAt: now, ExpiresAt: now.Add(time.Minute).Truncate(time.Second)}
	s := r.sealAccess(tok)
	if strings.Contains(s, citizen) || strings.Contains(s, account) {
		t.Fatal("the access token shows the citizen's or the account's id")
	}
	back, err := r.openAccess(s)
	if err != nil || back.CitizenID != citizen || back.JKT != "jkt" || !back.IssuedAt.Equal(now) || back.Level != 2 {
		t.Fatalf("open: %+v, %v", back, err)
	}
	tampered := s[:len(s)-2] + map[bool]string{true: "AA", false: "BB"}[!strings.HasSuffix(s, "AA")]
	if _, err := r.openAccess(tampered); err == nil {
		t.Fatal("a tampered access token opened")
	}
	if r.Subject("rp1", "c1") == r.Subject("rp2", "c1") || r.Subject("rp1", "c1") != r.Subject("rp1", "c1") {
		t.Fatal("pairwise subjects are not per relying party and stable")
	}
}

func FuzzOpenAccess(f *testing.F) {
	r, err := OpenKeyRing(filepath.Join(f.TempDir(), "oidc"), time.Now())
	if err != nil {
		f.Fatal(err)
	}
	f.Add(r.sealAccess(Token{GrantID: "g", Scopes: []string{"openid"}}))
	f.Add("at1.")
	f.Add("at1.AAAA")
	f.Fuzz(func(t *testing.T, s string) {
		r.openAccess(s) // must not panic; only our own seal opens
	})
}

func TestKeyRingWatchSeesARotationByAnotherProcess(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "oidc")
	server, err := OpenKeyRing(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	cli, err := OpenKeyRing(dir, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	kid, err := cli.Rotate(time.Now().Add(time.Hour))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go server.Watch(ctx, 10*time.Millisecond, nil)
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if ks := server.Keys(); len(ks) == 2 && ks[1].KID == kid && ks[1].Signing {
			return
		}
	}
	t.Fatalf("the serving ring did not take the new key: %v", server.Keys())
}

// TestSignedTokensVerify: the ring's compact JWS is what a relying party's
// JOSE library accepts: header alg ES256, typ JWT and the signing key's
// kid, the payload byte for byte, a signature that verifies with the
// published key, and one that fails once a byte of the payload changes.
func TestSignedTokensVerify(t *testing.T) {
	r, err := OpenKeyRing(filepath.Join(t.TempDir(), "oidc"), time.Now())
	if err != nil {
		t.Fatal(err)
	}
	kid := r.Keys()[0].KID
	for _, tc := range []struct{ name, payload string }{
		{"claims", `{"iss":"https://id.example","sub":"abc","aud":"rp","exp":1790000000,"name":"Nguyễn Văn Hùng"}`},
		{"empty object", `{}`},
		{"lengths past every base64 boundary", `{"x":"` + strings.Repeat("ab", 301) + `"}`},
		{"one more byte", `{"x":"` + strings.Repeat("ab", 301) + `a"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tok, err := r.Sign([]byte(tc.payload))
			if err != nil {
				t.Fatal(err)
			}
			sig, err := jose.ParseSigned(tok, []jose.SignatureAlgorithm{jose.ES256})
			if err != nil {
				t.Fatal(err)
			}
			h := sig.Signatures[0].Protected
			if h.Algorithm != "ES256" || h.KeyID != kid || h.ExtraHeaders[jose.HeaderType] != "JWT" {
				t.Errorf("header %+v, want ES256, kid %s, typ JWT", h, kid)
			}
			got, err := verifyWith(r.JWKS(), tok)
			if err != nil || string(got) != tc.payload {
				t.Fatalf("verified %q, %v; want %q", got, err, tc.payload)
			}
			parts := strings.Split(tok, ".")
			body, _ := base64.RawURLEncoding.DecodeString(parts[1])
			body[len(body)-2] ^= 1
			forged := parts[0] + "." + base64.RawURLEncoding.EncodeToString(body) + "." + parts[2]
			if _, err := verifyWith(r.JWKS(), forged); err == nil {
				t.Error("a changed payload verified")
			}
		})
	}
}
