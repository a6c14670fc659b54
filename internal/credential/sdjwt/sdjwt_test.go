package sdjwt_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"dancu/internal/credential/jose"
	"dancu/internal/credential/sdjwt"
)

var now = time.Date(2026, 12, 5, 8, 0, 0, 0, time.UTC)

type fixture struct {
	issuer, holder *ecdsa.PrivateKey
	issued         sdjwt.Issued
}

func newFixture(t testing.TB) fixture {
	t.Helper()
	f := fixture{}
	f.issuer, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	f.holder, _ = ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	hjwk, err := jose.PublicJWK(&f.holder.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	clear := map[string]any{
		"iss": "https://dancu.example", "vct": "urn:vn:cancuoc:1",
		"iat": now.Unix(), "exp": now.Add(24 * time.Hour).Unix(),
		"cnf": map[string]any{"jwk": hjwk},
	}
	f.issued, err = sdjwt.Issue(f.issuer, jose.Header{Kid: "k1"}, clear, map[string]any{
		"name": "Nguyễn Văn An", "birthdate": "1990-03-01", "age_over_18": true,
		"address": map[string]any{"locality": "Phường Ba Đình"},
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f fixture) options() sdjwt.Options {
	return sdjwt.Options{Now: now, IssuerKey: func(jose.Header, string) (*ecdsa.PublicKey, error) { return &f.issuer.PublicKey, nil }}
}

func only(names ...string) func(string) bool {
	return func(n string) bool {
		for _, x := range names {
			if x == n {
				return true
			}
		}
		return false
	}
}

func TestSelectiveDisclosure(t *testing.T) {
	f := newFixture(t)
	pres := sdjwt.Present(f.issued, only("name", "age_over_18"))
	v, err := sdjwt.Verify(pres, f.options())
	if err != nil {
		t.Fatal(err)
	}
	if v.Claims["name"] != "Nguyễn Văn An" || v.Claims["age_over_18"] != true {
		t.Errorf("claims = %v", v.Claims)
	}
	if _, ok := v.Claims["birthdate"]; ok {
		t.Error("an undisclosed claim is visible")
	}
	if strings.Contains(pres, jose.B64.EncodeToString([]byte("1990"))) || len(v.Disclosed) != 2 {
		t.Errorf("disclosed %v", v.Disclosed)
	}
	if _, ok := v.Claims["_sd"]; ok {
		t.Error("digests left in the claims")
	}
}

func TestKeyBinding(t *testing.T) {
	f := newFixture(t)
	pres := sdjwt.Present(f.issued, only("name"))
	kb := sdjwt.KeyBinding{Audience: "https://bank.example", Nonce: "n-1", Time: now}
	bound, err := sdjwt.Bind(pres, f.holder, kb)
	if err != nil {
		t.Fatal(err)
	}
	opt := f.options()
	opt.RequireKeyBinding, opt.Audience, opt.Nonce = true, "https://bank.example", "n-1"
	if v, err := sdjwt.Verify(bound, opt); err != nil || !v.KeyBound {
		t.Fatalf("bound presentation: %v", err)
	}
	stranger, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	forged, _ := sdjwt.Bind(pres, stranger, kb)
	extra := sdjwt.Present(f.issued, only("name", "birthdate"))
	moved, _ := sdjwt.Bind(pres, f.holder, kb)
	moved = extra + moved[len(pres):] // the KB-JWT of one presentation on another
	for name, tc := range map[string]struct {
		pres string
		opt  func(*sdjwt.Options)
	}{
		"no KB-JWT":        {pres, func(*sdjwt.Options) {}},
		"another key":      {forged, func(*sdjwt.Options) {}},
		"another nonce":    {bound, func(o *sdjwt.Options) { o.Nonce = "n-2" }},
		"another verifier": {bound, func(o *sdjwt.Options) { o.Audience = "https://other.example" }},
		"too old":          {bound, func(o *sdjwt.Options) { o.Now = now.Add(10 * time.Minute) }},
		"moved sd_hash":    {moved, func(*sdjwt.Options) {}},
	} {
		o := opt
		tc.opt(&o)
		if _, err := sdjwt.Verify(tc.pres, o); !errors.Is(err, sdjwt.ErrKeyBinding) {
			t.Errorf("%s: err = %v, want ErrKeyBinding", name, err)
		}
	}
}

func TestRefusals(t *testing.T) {
	f := newFixture(t)
	pres := sdjwt.Present(f.issued, only("name"))
	fake, _ := sdjwt.NewDisclosure("age_over_18", true)
	parts := strings.Split(pres, "~")
	other, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	for name, tc := range map[string]struct {
		pres string
		opt  func(*sdjwt.Options)
		want error
	}{
		"a disclosure the issuer did not sign": {pres + fake.Encoded + "~", nil, sdjwt.ErrDisclosure},
		"a tampered disclosure":                {parts[0] + "~" + tamper(parts[1]) + "~", nil, sdjwt.ErrDisclosure},
		"a repeated disclosure":                {pres + parts[1] + "~", nil, sdjwt.ErrMalformed},
		"another issuer key": {pres, func(o *sdjwt.Options) {
			o.IssuerKey = func(jose.Header, string) (*ecdsa.PublicKey, error) { return &other.PublicKey, nil }
		}, sdjwt.ErrSignature},
		"expired":     {pres, func(o *sdjwt.Options) { o.Now = now.Add(25 * time.Hour) }, sdjwt.ErrExpired},
		"not SD-JWT":  {"abc", nil, sdjwt.ErrMalformed},
		"bad payload": {"e30.e30.e30~", nil, sdjwt.ErrMalformed},
	} {
		o := f.options()
		if tc.opt != nil {
			tc.opt(&o)
		}
		if _, err := sdjwt.Verify(tc.pres, o); !errors.Is(err, tc.want) {
			t.Errorf("%s: err = %v, want %v", name, err, tc.want)
		}
	}
}

// tamper rewrites a disclosure's value, keeping its salt and name: a
// well-formed disclosure whose digest the issuer never signed.
func tamper(enc string) string {
	d, err := sdjwt.ParseDisclosure(enc)
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal([]any{d.Salt, d.Name, "Lê Văn Giả"})
	return jose.B64.EncodeToString(b)
}

func TestParseIssuedRoundTrip(t *testing.T) {
	f := newFixture(t)
	back, err := sdjwt.ParseIssued(f.issued.String())
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(back.Names(), ","); got != "address,age_over_18,birthdate,name" {
		t.Errorf("names = %s", got)
	}
	if back.String() != f.issued.String() {
		t.Error("round trip changed the credential")
	}
}

func FuzzVerify(f *testing.F) {
	fx := newFixture(f)
	f.Add(fx.issued.String())
	f.Add(sdjwt.Present(fx.issued, only("name")))
	f.Add("a~b~c")
	f.Fuzz(func(t *testing.T, s string) {
		v, err := sdjwt.Verify(s, fx.options())
		if err == nil && v == nil {
			t.Fatal("nil result without error")
		}
	})
}
