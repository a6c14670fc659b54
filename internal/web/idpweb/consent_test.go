package idpweb_test

import (
	"strings"
	"testing"

	"golang.org/x/oauth2"

	"dancu/internal/idp"
)

// TestConsentIsRememberedAndWithdrawable: a second login to the same
// relying party skips the consent page; withdrawing the consent (the
// portal's call) revokes the relying party's tokens and brings the page back.
func TestConsentIsRememberedAndWithdrawable(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile", "offline_access"}})
	citizen := p.citizens["042090000123"]
	verifier := oauth2.GenerateVerifier()
	q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "042090000123")
	tok, err := cc.conf.Exchange(cc.ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	// A fresh browser (no session): the login page, then straight back.
	b := p.browser()
	resp, err := b.Get(cc.conf.AuthCodeURL("s2", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		t.Fatal(err)
	}
	form := formFields(t, readBody(t, resp))
	form.Set("identifier", "042090000123")
	form.Set("password", password)
	resp, err = b.PostForm(p.srv.URL+"/oidc/login", form)
	if err != nil {
		t.Fatal(err)
	}
	if loc := callbackURL(t, resp); loc.Query().Get("code") == "" {
		t.Fatalf("remembered consent: %v", loc)
	}
	list, err := p.svc.Consents(bg, citizen.ID)
	if err != nil || len(list) != 1 || list[0].ClientName != "Cổng thử nghiệm" || list[0].WithdrawnAt != nil {
		t.Fatalf("consents: %+v %v", list, err)
	}
	if err := p.svc.WithdrawConsent(bg, citizen.ID, cc.conf.ClientID); err != nil {
		t.Fatal(err)
	}
	if _, err := cc.op.UserInfo(cc.ctx, oauth2.StaticTokenSource(tok)); err == nil {
		t.Fatal("an access token outlived the withdrawn consent")
	}
	stale := *tok
	stale.Expiry = stale.Expiry.Add(-24 * 3600e9)
	if _, err := cc.conf.TokenSource(cc.ctx, &stale).Token(); err == nil || !strings.Contains(err.Error(), "invalid_grant") {
		t.Fatalf("a refresh token outlived the withdrawn consent: %v", err)
	}
	resp, err = p.browser().Get(cc.conf.AuthCodeURL("s3", oauth2.S256ChallengeOption(verifier)))
	if err != nil {
		t.Fatal(err)
	}
	form = formFields(t, readBody(t, resp))
	form.Set("identifier", "042090000123")
	form.Set("password", password)
	resp, err = p.browser().PostForm(p.srv.URL+"/oidc/login", form)
	if err != nil {
		t.Fatal(err)
	}
	if body := readBody(t, resp); !strings.Contains(body, "consent-approve") {
		t.Fatalf("after withdrawal the consent page is not shown:\n%.500s", body)
	}
}
