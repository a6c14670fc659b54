package idpweb_test

import (
	"context"
	"net/url"
	"slices"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"dancu/internal/idp"
)

// TestCodeFlowWithGoOIDC runs the authorization code flow with PKCE with
// coreos/go-oidc and x/oauth2 over TLS: discovery, the login and consent
// pages driven in headless Chromium (with axe-core), the
// token endpoint with client_secret_basic, the id_token verified through
// the JWKS, userinfo claims matching the scopes, and a refresh.
func TestCodeFlowWithGoOIDC(t *testing.T) {
	p := newProvider(t)
	c, secret := p.rp(idp.Client{})
	ctx := oidc.ClientContext(context.Background(), p.srv.Client())
	op, err := oidc.NewProvider(ctx, p.srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	conf := oauth2.Config{ClientID: c.ID, ClientSecret: secret, Endpoint: op.Endpoint(), RedirectURL: c.RedirectURIs[0],
		Scopes: []string{oidc.ScopeOpenID, "profile", "id_number", oidc.ScopeOfflineAccess}}
	conf.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
	verifier := oauth2.GenerateVerifier()
	authURL := conf.AuthCodeURL("st-123", oauth2.S256ChallengeOption(verifier), oidc.Nonce("n-456"))
	cbURL, err := url.Parse(chromeLogin(t, chrome(t), authURL, "042090000123", true))
	if err != nil {
		t.Fatal(err)
	}
	cb := cbURL.Query()
	if cb.Get("state") != "st-123" || cb.Get("iss") != p.srv.URL || cb.Get("code") == "" {
		t.Fatalf("callback %v", cb)
	}
	tok, err := conf.Exchange(ctx, cb.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := tok.Extra("id_token").(string)
	idt, err := op.Verifier(&oidc.Config{ClientID: c.ID}).Verify(ctx, raw)
	if err != nil {
		t.Fatalf("id_token does not verify through the JWKS: %v", err)
	}
	var all map[string]any
	idt.Claims(&all)
	if all["nonce"] != "n-456" || all["acr"] != idp.ACRLevel2 {
		t.Fatalf("id_token claims %v", all)
	}
	citizen := p.citizens["042090000123"]
	if idt.Subject == citizen.ID || idt.Subject == citizen.IDNumber || len(idt.Subject) < 40 {
		t.Fatalf("sub %q is not an opaque pairwise identifier", idt.Subject)
	}
	ui, err := op.UserInfo(ctx, oauth2.StaticTokenSource(tok))
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	ui.Claims(&got)
	if ui.Subject != idt.Subject || got["id_number"] != citizen.IDNumber || got["name"] != citizen.FullName || got["birthdate"] != "1990-05-15" {
		t.Fatalf("userinfo %v", got)
	}
	if _, leaked := got["email"]; leaked {
		t.Fatalf("userinfo released email without its scope: %v", got)
	}
	if tok.RefreshToken == "" {
		t.Fatal("no refresh token with offline_access")
	}
	old := tok.RefreshToken
	tok.Expiry = tok.Expiry.Add(-24 * 3600e9)
	fresh, err := conf.TokenSource(ctx, tok).Token()
	if err != nil || fresh.AccessToken == tok.AccessToken || fresh.RefreshToken == old {
		t.Fatalf("refresh: %v (rotated: %v)", err, fresh != nil && fresh.RefreshToken != old)
	}
	// The old refresh token was rotated out.
	stale := *tok
	stale.RefreshToken = old
	if _, err := conf.TokenSource(ctx, &stale).Token(); err == nil {
		t.Fatal("a rotated refresh token still works")
	}
	entries := auditActions(t, p, citizen.ID)
	if !slices.Contains(entries, "oidc.token") || !slices.Contains(entries, "oidc.userinfo") || !slices.Contains(entries, "oidc.refresh") {
		t.Fatalf("audit of the citizen: %v", entries)
	}
}
