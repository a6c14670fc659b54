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

// TestDPoPNonceFollowsTheWindow: the nonce kept for the current window is
// the one computed for it, a new window gets a new one, an older window
// asked for after a newer one still gets its own, and nonces of this and
// the previous window stay valid while older ones do not.
func TestDPoPNonceFollowsTheWindow(t *testing.T) {
	d := newDPoPChecker(idp.NewService(idp.Config{}))
	t0 := time.Date(2026, 12, 6, 23, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name string
		at   time.Time
	}{
		{"first answer", t0},
		{"same window", t0.Add(nonceWindow - time.Second)},
		{"next window", t0.Add(nonceWindow)},
		{"a late answer of the window before", t0.Add(time.Second)},
		{"next window again", t0.Add(nonceWindow + time.Second)},
		{"two windows on", t0.Add(3 * nonceWindow)},
	} {
		w := tc.at.Unix() / int64(nonceWindow/time.Second)
		if got, want := d.nonce(tc.at), d.computeNonce(w); got != want {
			t.Errorf("%s: nonce %q, want the window's %q", tc.name, got, want)
		}
		if d.computeNonce(w) == d.computeNonce(w-1) {
			t.Fatalf("%s: two windows share a nonce", tc.name)
		}
	}
	now := t0.Add(3 * nonceWindow)
	w := now.Unix() / int64(nonceWindow/time.Second)
	for _, tc := range []struct {
		name  string
		nonce string
		valid bool
	}{
		{"this window", d.nonce(now), true},
		{"the previous window", d.computeNonce(w - 1), true},
		{"two windows old", d.computeNonce(w - 2), false},
		{"another server's secret", newDPoPChecker(idp.NewService(idp.Config{})).nonce(now), false},
	} {
		if got := d.nonceValid(tc.nonce, now); got != tc.valid {
			t.Errorf("%s: valid %v, want %v", tc.name, got, tc.valid)
		}
	}
}
