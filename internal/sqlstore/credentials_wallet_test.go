package sqlstore_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential"
	"dancu/internal/credential/jose"
	"dancu/internal/credential/npmcheck"
	"dancu/internal/credential/sdjwt"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// walletProof signs a key proof with signer, carrying jwk of key in its
// header; edit changes the header and claims before signing.
func walletProof(t *testing.T, signer, key *ecdsa.PrivateKey, edit func(h, c map[string]any)) string {
	t.Helper()
	jwk, err := jose.PublicJWK(&key.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	h := map[string]any{"typ": credential.ProofType, "alg": "ES256", "jwk": jwk}
	c := map[string]any{"aud": testIssuer, "iat": monday0700.Unix()}
	if edit != nil {
		edit(h, c)
	}
	hb, _ := json.Marshal(h)
	cb, _ := json.Marshal(c)
	input := jose.B64.EncodeToString(hb) + "." + jose.B64.EncodeToString(cb)
	digest := sha256.Sum256([]byte(input))
	r, s, err := ecdsa.Sign(rand.Reader, signer, digest[:])
	if err != nil {
		t.Fatal(err)
	}
	sig := make([]byte, 64)
	r.FillBytes(sig[:32])
	s.FillBytes(sig[32:])
	return input + "." + jose.B64.EncodeToString(sig)
}

func newWalletKey(t *testing.T) *ecdsa.PrivateKey {
	k, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return k
}

// TestCredentialToWallet issues the căn cước điện tử to a wallet that
// proves its key (OpenID4VCI's key proof over a server nonce): every bad
// proof is refused with its own reason; the credential's cnf is the
// wallet's key, a re-issue keeps it, and a presentation the wallet binds
// with its key verifies here and with @sd-jwt/sd-jwt-vc, showing only the
// chosen claims.
func TestCredentialToWallet(t *testing.T) {
	eachEngine(t, func(t *testing.T, e engine) {
		f := credentialServices(t, e)
		an := person(t, e, 17, "18073", "2000-03-01")
		binh := person(t, e, 18, "18073", "1999-05-05")
		f.levels[an.ID] = true
		f.handOver(t, an, issuance.FirstIssuance, "", "2026-01-09")
		wallet, other := newWalletKey(t), newWalletKey(t)
		nonce := func() string { n, _ := f.cred.WalletNonce(); return n }
		withNonce := func(edit func(h, c map[string]any)) func(h, c map[string]any) {
			n := nonce()
			return func(h, c map[string]any) {
				c["nonce"] = n
				if edit != nil {
					edit(h, c)
				}
			}
		}

		refused := []struct {
			name     string
			citizen  string
			proof    string
			want     error
			contains string
		}{
			{"wrong typ", an.ID, walletProof(t, wallet, wallet, withNonce(func(h, c map[string]any) { h["typ"] = "JWT" })), credential.ErrInvalidProof, "typ"},
			{"wrong aud", an.ID, walletProof(t, wallet, wallet, withNonce(func(h, c map[string]any) { c["aud"] = "https://other.example" })), credential.ErrInvalidProof, "aud"},
			{"signed by another key", an.ID, walletProof(t, other, wallet, withNonce(nil)), credential.ErrInvalidProof, "signature"},
			{"private key in the header", an.ID, walletProof(t, wallet, wallet, withNonce(func(h, c map[string]any) {
				jwk := h["jwk"].(jose.JWK)
				h["jwk"] = map[string]string{"kty": jwk.Kty, "crv": jwk.Crv, "x": jwk.X, "y": jwk.Y, "d": jose.B64.EncodeToString(wallet.D.Bytes())}
			})), credential.ErrInvalidProof, "private"},
			{"old iat", an.ID, walletProof(t, wallet, wallet, withNonce(func(h, c map[string]any) { c["iat"] = monday0700.Add(-time.Hour).Unix() })), credential.ErrInvalidProof, "iat"},
			{"no nonce", an.ID, walletProof(t, wallet, wallet, nil), credential.ErrInvalidNonce, "nonce"},
			{"a nonce the server never gave", an.ID, walletProof(t, wallet, wallet, func(h, c map[string]any) { c["nonce"] = "made-up" }), credential.ErrInvalidNonce, "nonce"},
			{"not a JWT", an.ID, "not.a.jwt", credential.ErrInvalidProof, "JWS"},
		}
		for _, tc := range refused {
			_, err := f.cred.IssueToWallet(ctx, citizenActor, tc.citizen, tc.proof)
			if !errors.Is(err, tc.want) || !strings.Contains(err.Error(), tc.contains) {
				t.Errorf("%s: %v, want %v mentioning %q", tc.name, err, tc.want, tc.contains)
			}
		}
		// A level-1 account: a good proof, and still no credential.
		if _, err := f.cred.IssueToWallet(ctx, citizenActor, binh.ID, walletProof(t, wallet, wallet, withNonce(nil))); !apperr.Is(err, apperr.Forbidden) {
			t.Errorf("level-1 account: %v, want forbidden", err)
		}
		// A stale nonce.
		later := monday0700.Add(credential.NonceTTL + time.Second)
		stale := walletProof(t, wallet, wallet, withNonce(func(h, c map[string]any) { c["iat"] = later.Unix() }))
		e.clock.t = later
		if _, err := f.cred.IssueToWallet(ctx, citizenActor, an.ID, stale); !errors.Is(err, credential.ErrInvalidNonce) {
			t.Errorf("stale nonce: %v", err)
		}
		e.clock.t = monday0700

		good := walletProof(t, wallet, wallet, withNonce(nil))
		cred, err := f.cred.IssueToWallet(ctx, citizenActor, an.ID, good)
		if err != nil {
			t.Fatalf("a good proof: %v", err)
		}
		if _, err := f.cred.IssueToWallet(ctx, citizenActor, an.ID, good); !errors.Is(err, credential.ErrInvalidNonce) {
			t.Errorf("a reused nonce: %v", err)
		}
		want, _ := jose.PublicJWK(&wallet.PublicKey)
		if got := cnfOf(t, cred.SDJWT); got != want.Thumbprint() || cred.HolderKeyRef != "" {
			t.Fatalf("cnf %s (custodial ref %q), want the wallet's key %s", got, cred.HolderKeyRef, want.Thumbprint())
		}
		// A claim's change re-issues, still bound to the wallet.
		if _, err := f.svc.Register.Update(ctx, an.ID, 0, func(c *registry.Citizen) error {
			c.Permanent.Address = "Số 9 đường Phan Đình Phùng"
			return nil
		}, officer); err != nil {
			t.Fatal(err)
		}
		cur, err := e.db.Credentials().CurrentCredential(ctx, an.ID)
		if err != nil || cur.ID == cred.ID || cnfOf(t, cur.SDJWT) != want.Thumbprint() {
			t.Fatalf("re-issued %+v, %v: want a new credential bound to the wallet", cur.ID, err)
		}
		if _, err := f.cred.Present(ctx, citizenActor, an.ID, []string{"name"}, "https://bank.example", "n"); !apperr.Is(err, apperr.Conflict) {
			t.Errorf("the server presented a wallet-bound credential: %v", err)
		}

		// The wallet presents two claims, bound with its key.
		issued, err := sdjwt.ParseIssued(cur.SDJWT)
		if err != nil {
			t.Fatal(err)
		}
		chosen := []string{"name", "age_over_18"}
		pres := sdjwt.Present(issued, func(n string) bool { return n == "name" || n == "age_over_18" })
		pres, err = sdjwt.Bind(pres, wallet, sdjwt.KeyBinding{Audience: "https://bank.example", Nonce: "v1", Time: e.clock.t})
		if err != nil {
			t.Fatal(err)
		}
		r, err := f.cred.Verify(ctx, credential.Actor{Username: "verifier"}, pres, "https://bank.example", "v1")
		if err != nil || !r.Valid || !r.KeyBound || len(r.Disclosed) != 2 {
			t.Fatalf("verify = %+v, %v", r, err)
		}
		md, _ := f.cred.Metadata()
		status, _ := f.cred.StatusListToken(ctx)
		forged, _ := sdjwt.Bind(sdjwt.Present(issued, func(n string) bool { return n == "name" }), other,
			sdjwt.KeyBinding{Audience: "https://bank.example", Nonce: "v1", Time: e.clock.t})
		npm := npmcheck.Run(t, []npmcheck.Case{
			{Presentation: pres, IssuerJWK: md.JWKS.Keys[0], StatusToken: status, Now: e.clock.t.Unix(), Nonce: "v1", Required: chosen},
			{Presentation: forged, IssuerJWK: md.JWKS.Keys[0], StatusToken: status, Now: e.clock.t.Unix(), Nonce: "v1"},
		})
		if !npm[0].OK || !npm[0].KB || npm[0].Claims["name"] != an.FullName || npm[0].Claims["age_over_18"] != true {
			t.Errorf("npm: %+v", npm[0])
		}
		for _, hidden := range []string{"personal_identifier", "birthdate", "address"} {
			if _, ok := npm[0].Claims[hidden]; ok {
				t.Errorf("npm sees the undisclosed claim %s", hidden)
			}
		}
		if npm[1].OK {
			t.Error("npm accepted a KB-JWT signed by a key other than the wallet's")
		}
	})
}

// cnfOf is the thumbprint of the key a credential is bound to.
func cnfOf(t *testing.T, sdJWT string) string {
	t.Helper()
	p, err := jose.Parse(strings.SplitN(sdJWT, "~", 2)[0])
	if err != nil {
		t.Fatal(err)
	}
	var c struct {
		Cnf struct {
			JWK jose.JWK `json:"jwk"`
		} `json:"cnf"`
	}
	if err := json.Unmarshal(p.Payload, &c); err != nil {
		t.Fatal(err)
	}
	return c.Cnf.JWK.Thumbprint()
}
