package idpweb_test

import (
	"testing"

	"dancu/internal/idp"
)

// TestCodeFlowWithOpenIDClient runs the code flow with PKCE and
// client_secret_basic from the npm openid-client over TLS, the pages
// driven in headless Chromium.
func TestCodeFlowWithOpenIDClient(t *testing.T) {
	p := newProvider(t)
	c, secret := p.rp(idp.Client{})
	ctx := chrome(t)
	res := runNodeRP(t, p, map[string]any{"client_id": c.ID, "secret": secret, "redirect_uri": c.RedirectURIs[0],
		"scope": "openid profile id_number"}, func(authURL string) string {
		return chromeLogin(t, ctx, authURL, "042090000123", false)
	})
	if !res.OK {
		t.Fatalf("openid-client: %+v", res)
	}
	citizen := p.citizens["042090000123"]
	if res.UserInfo["id_number"] != citizen.IDNumber || res.UserInfo["name"] != citizen.FullName || res.Claims["acr"] != idp.ACRLevel2 {
		t.Fatalf("claims %v, userinfo %v", res.Claims, res.UserInfo)
	}
	if res.TokenType != "bearer" && res.TokenType != "Bearer" {
		t.Fatalf("token type %q", res.TokenType)
	}
}

// TestFAPIFlowWithOpenIDClient runs a FAPI 2.0 relying party with
// openid-client: PAR, private_key_jwt and DPoP-bound tokens with server
// nonces. The same client redeeming its code without DPoP, or with a proof
// of another key, is refused; its token without a proof is refused at
// userinfo.
func TestFAPIFlowWithOpenIDClient(t *testing.T) {
	p := newProvider(t)
	priv, pub := rpKey(t)
	c, _ := p.rp(idp.Client{ID: "bank-fapi", AuthMethod: idp.AuthPrivateKeyJWT, FAPI: true,
		Scopes: []string{"openid", "profile", "id_number", "residence"}})
	if err := p.svc.AddClientKey(bg, c.ID, "k1", pub); err != nil {
		t.Fatal(err)
	}
	ctx := chrome(t)
	run := func(tokenDPoP string) rpResult {
		return runNodeRP(t, p, map[string]any{"client_id": c.ID, "private_key": priv, "kid": "k1", "fapi": true,
			"token_dpop": tokenDPoP, "redirect_uri": c.RedirectURIs[0], "scope": "openid profile residence",
			"acr_values": idp.ACRLevel2}, func(authURL string) string {
			return chromeLogin(t, ctx, authURL, "042090000123", false)
		})
	}
	res := run("same")
	if !res.OK || res.TokenType != "dpop" && res.TokenType != "DPoP" {
		t.Fatalf("FAPI flow: %+v", res)
	}
	addr, _ := res.UserInfo["address"].(map[string]any)
	if addr == nil || addr["street_address"] != "Thôn 3" || res.Claims["acr"] != idp.ACRLevel2 {
		t.Fatalf("level-2 claims: %v", res.UserInfo)
	}
	if res.UserInfoWithoutProof == "accepted" || res.UserInfoWithoutProof == "" {
		t.Fatalf("a DPoP-bound token was accepted without a proof: %q", res.UserInfoWithoutProof)
	}
	for _, mode := range []string{"none", "other"} {
		res := run(mode)
		if res.OK || res.Error != idp.ErrInvalidDPoPProof {
			t.Errorf("token request with DPoP %q: %+v, want %s", mode, res, idp.ErrInvalidDPoPProof)
		}
	}
}
