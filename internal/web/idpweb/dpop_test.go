package idpweb

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"dancu/internal/idp"
)

// proof signs a DPoP proof with key for the claims given.
func proof(t testing.TB, key *ecdsa.PrivateKey, typ string, claims map[string]any) string {
	t.Helper()
	s, err := jose.NewSigner(jose.SigningKey{Algorithm: jose.ES256, Key: key},
		(&jose.SignerOptions{EmbedJWK: true}).WithType(jose.ContentType(typ)))
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

func TestDPoPProofCheck(t *testing.T) {
	d := newDPoPChecker(idp.NewService(idp.Config{}))
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	const htu = "https://id.example/oidc/token"
	now := time.Now()
	base := func() map[string]any {
		return map[string]any{"jti": base64.RawURLEncoding.EncodeToString([]byte(time.Now().String())), "htm": "POST", "htu": htu,
			"iat": now.Unix(), "nonce": d.nonce(now)}
	}
	jkt, code := d.check(proof(t, key, "dpop+jwt", base()), "POST", htu, "")
	if code != "" || jkt == "" {
		t.Fatalf("valid proof refused: %s", code)
	}
	replay := base()
	p := proof(t, key, "dpop+jwt", replay)
	d.check(p, "POST", htu, "")
	if _, code := d.check(p, "POST", htu, ""); code != idp.ErrInvalidDPoPProof {
		t.Errorf("replayed proof: %q", code)
	}
	for _, tc := range []struct {
		name string
		typ  string
		edit func(map[string]any)
		ath  string
		want string
	}{
		{"wrong typ", "JWT", func(map[string]any) {}, "", idp.ErrInvalidDPoPProof},
		{"wrong method", "dpop+jwt", func(c map[string]any) { c["htm"] = "GET" }, "", idp.ErrInvalidDPoPProof},
		{"wrong URI", "dpop+jwt", func(c map[string]any) { c["htu"] = "https://evil.example/oidc/token" }, "", idp.ErrInvalidDPoPProof},
		{"old iat", "dpop+jwt", func(c map[string]any) { c["iat"] = now.Add(-time.Hour).Unix() }, "", idp.ErrInvalidDPoPProof},
		{"no nonce", "dpop+jwt", func(c map[string]any) { delete(c, "nonce") }, "", idp.ErrUseDPoPNonce},
		{"forged nonce", "dpop+jwt", func(c map[string]any) { c["nonce"] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }, "", idp.ErrUseDPoPNonce},
		{"access token hash missing", "dpop+jwt", func(map[string]any) {}, "token", idp.ErrInvalidDPoPProof},
	} {
		c := base()
		tc.edit(c)
		if _, code := d.check(proof(t, key, tc.typ, c), "POST", htu, tc.ath); code != tc.want {
			t.Errorf("%s: %q, want %q", tc.name, code, tc.want)
		}
	}
	c := base()
	sum := sha256.Sum256([]byte("token"))
	c["ath"] = base64.RawURLEncoding.EncodeToString(sum[:])
	if _, code := d.check(proof(t, key, "dpop+jwt", c), "POST", htu, "token"); code != "" {
		t.Errorf("proof with the right ath: %q", code)
	}
}

func FuzzDPoPProof(f *testing.F) {
	d := newDPoPChecker(idp.NewService(idp.Config{}))
	key, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	f.Add(proof(f, key, "dpop+jwt", map[string]any{"jti": "1", "htm": "POST", "htu": "https://x/oidc/token", "iat": time.Now().Unix()}))
	f.Add("e30.e30.")
	f.Add("")
	f.Fuzz(func(t *testing.T, p string) {
		d.check(p, "POST", "https://x/oidc/token", "") // must not panic
	})
}
