package idpweb_test

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"dancu/internal/idp"
	"dancu/internal/web/idpweb"
)

// codeClient is a client_secret_basic relying party driven by x/oauth2.
type codeClient struct {
	p    *provider
	conf oauth2.Config
	ctx  context.Context
	op   *oidc.Provider
}

func (p *provider) codeClient(c idp.Client) *codeClient {
	p.t.Helper()
	c, secret := p.rp(c)
	ctx := oidc.ClientContext(context.Background(), p.srv.Client())
	op, err := oidc.NewProvider(ctx, p.srv.URL)
	if err != nil {
		p.t.Fatal(err)
	}
	conf := oauth2.Config{ClientID: c.ID, ClientSecret: secret, Endpoint: op.Endpoint(), RedirectURL: c.RedirectURIs[0], Scopes: c.Scopes}
	conf.Endpoint.AuthStyle = oauth2.AuthStyleInHeader
	return &codeClient{p: p, conf: conf, ctx: ctx, op: op}
}

// oauthErrorCode reads the error code of a refused token request.
func oauthErrorCode(err error) string {
	var re *oauth2.RetrieveError
	if e, ok := err.(*oauth2.RetrieveError); ok {
		re = e
		return re.ErrorCode
	}
	return ""
}

// getNoRedirect fetches u and returns the response without following a redirect.
func getNoRedirect(t *testing.T, c *http.Client, u string) (*http.Response, string) {
	t.Helper()
	cc := *c
	cc.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := cc.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	return resp, readBody(t, resp)
}

func TestAuthorizationRefusals(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile"}})
	_, challenge := pkce()
	base := func(mod func(url.Values)) string {
		v := url.Values{"client_id": {cc.conf.ClientID}, "redirect_uri": {cc.conf.RedirectURL}, "response_type": {"code"},
			"scope": {"openid profile"}, "state": {"s1"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
		mod(v)
		return p.srv.URL + idpweb.PathAuthorize + "?" + v.Encode()
	}
	t.Run("wrong redirect URI is answered, not redirected (RFC 6749 §4.1.2.1)", func(t *testing.T) {
		resp, body := getNoRedirect(t, p.browser(), base(func(v url.Values) { v.Set("redirect_uri", "https://evil.example/cb") }))
		if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.Contains(body, `"invalid_request"`) {
			t.Fatalf("status %d, location %q, body %s", resp.StatusCode, resp.Header.Get("Location"), body)
		}
	})
	t.Run("unknown client is answered, not redirected", func(t *testing.T) {
		resp, body := getNoRedirect(t, p.browser(), base(func(v url.Values) { v.Set("client_id", "nobody") }))
		if resp.StatusCode < 400 || resp.Header.Get("Location") != "" || !strings.Contains(body, `"invalid_client"`) {
			t.Fatalf("status %d, body %s", resp.StatusCode, body)
		}
	})
	redirected := func(t *testing.T, u, wantCode string) {
		t.Helper()
		resp, _ := getNoRedirect(t, p.browser(), u)
		loc, err := resp.Location()
		if err != nil || loc.Path != "/cb" || loc.Query().Get("error") != wantCode || loc.Query().Get("state") != "s1" || loc.Query().Get("iss") != p.srv.URL {
			t.Fatalf("status %d, location %v, want error %s", resp.StatusCode, loc, wantCode)
		}
	}
	t.Run("PKCE missing", func(t *testing.T) {
		redirected(t, base(func(v url.Values) { v.Del("code_challenge"); v.Del("code_challenge_method") }), "invalid_request")
	})
	t.Run("PKCE plain", func(t *testing.T) {
		redirected(t, base(func(v url.Values) { v.Set("code_challenge_method", "plain") }), "invalid_request")
	})
	t.Run("scope not registered", func(t *testing.T) {
		redirected(t, base(func(v url.Values) { v.Set("scope", "openid email") }), "invalid_scope")
	})
}

func TestTokenRefusals(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile"}})
	start := func() (code, verifier string) {
		verifier = oauth2.GenerateVerifier()
		q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "042090000123")
		return q.Get("code"), verifier
	}
	t.Run("replayed code", func(t *testing.T) {
		code, verifier := start()
		tok, err := cc.conf.Exchange(cc.ctx, code, oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatal(err)
		}
		_, err = cc.conf.Exchange(cc.ctx, code, oauth2.VerifierOption(verifier))
		if oauthErrorCode(err) != "invalid_grant" {
			t.Fatalf("replay: %v", err)
		}
		// The first use's tokens are revoked (RFC 6749 §4.1.2).
		if _, err := cc.op.UserInfo(cc.ctx, oauth2.StaticTokenSource(tok)); err == nil {
			t.Fatal("tokens of a replayed code still work")
		}
	})
	t.Run("missing PKCE verifier", func(t *testing.T) {
		code, _ := start()
		_, err := cc.conf.Exchange(cc.ctx, code)
		if oauthErrorCode(err) != "invalid_grant" {
			t.Fatalf("no verifier: %v", err)
		}
	})
	t.Run("wrong PKCE verifier", func(t *testing.T) {
		code, _ := start()
		_, err := cc.conf.Exchange(cc.ctx, code, oauth2.VerifierOption(oauth2.GenerateVerifier()))
		if oauthErrorCode(err) != "invalid_grant" {
			t.Fatalf("wrong verifier: %v", err)
		}
	})
	t.Run("wrong client secret", func(t *testing.T) {
		code, verifier := start()
		bad := cc.conf
		bad.ClientSecret = "not-the-secret"
		_, err := bad.Exchange(cc.ctx, code, oauth2.VerifierOption(verifier))
		if oauthErrorCode(err) != "invalid_client" {
			t.Fatalf("wrong secret: %v", err)
		}
	})
	t.Run("revoked relying party", func(t *testing.T) {
		code, verifier := start()
		if err := p.svc.RevokeClient(bg, cc.conf.ClientID); err != nil {
			t.Fatal(err)
		}
		_, err := cc.conf.Exchange(cc.ctx, code, oauth2.VerifierOption(verifier))
		if oauthErrorCode(err) != "invalid_client" {
			t.Fatalf("revoked client at the token endpoint: %v", err)
		}
		resp, body := getNoRedirect(t, p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)))
		if resp.Header.Get("Location") != "" || !strings.Contains(body, `"invalid_client"`) {
			t.Fatalf("revoked client at authorize: %d %s", resp.StatusCode, body)
		}
	})
}

func TestLoginRefusals(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile"}})
	t.Run("acr level 2 with a level-1 account", func(t *testing.T) {
		q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier()),
			oauth2.SetAuthURLParam("acr_values", idp.ACRLevel2)), "042190000456")
		if q.Get("error") != idp.ErrUnmetAuthn || q.Get("code") != "" {
			t.Fatalf("callback %v", q)
		}
	})
	t.Run("suspended account", func(t *testing.T) {
		p.suspend("042190000456")
		q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())), "042190000456")
		if q.Get("error") != "access_denied" || q.Get("code") != "" {
			t.Fatalf("callback %v", q)
		}
	})
	t.Run("account suspended after the tokens were issued", func(t *testing.T) {
		verifier := oauth2.GenerateVerifier()
		q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "042090000123")
		tok, err := cc.conf.Exchange(cc.ctx, q.Get("code"), oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatal(err)
		}
		p.suspend("042090000123")
		if _, err := cc.op.UserInfo(cc.ctx, oauth2.StaticTokenSource(tok)); err == nil || !strings.Contains(err.Error(), "401") {
			t.Fatalf("userinfo for a suspended account: %v", err)
		}
	})
	t.Run("wrong password stays on the page", func(t *testing.T) {
		b := p.browser()
		resp, err := b.Get(cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(oauth2.GenerateVerifier())))
		if err != nil {
			t.Fatal(err)
		}
		form := formFields(t, readBody(t, resp))
		form.Set("identifier", "042090000123")
		form.Set("password", "wrong")
		resp, err = b.PostForm(p.srv.URL+idpweb.PathLogin, form)
		if err != nil {
			t.Fatal(err)
		}
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusUnauthorized || !strings.Contains(body, "không đúng") {
			t.Fatalf("%d %s", resp.StatusCode, body)
		}
	})
}

func TestTamperedIDTokenIsRefused(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile"}})
	verifier := oauth2.GenerateVerifier()
	q := p.login(p.browser(), cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "042090000123")
	tok, err := cc.conf.Exchange(cc.ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	raw := tok.Extra("id_token").(string)
	parts := strings.Split(raw, ".")
	payload, _ := jsonB64Decode(parts[1])
	payload["name"] = "Kẻ Mạo Danh"
	parts[1] = jsonB64Encode(payload)
	v := cc.op.Verifier(&oidc.Config{ClientID: cc.conf.ClientID})
	if _, err := v.Verify(cc.ctx, strings.Join(parts, ".")); err == nil {
		t.Fatal("a tampered id_token verified")
	}
	if _, err := v.Verify(cc.ctx, raw); err != nil {
		t.Fatalf("the genuine id_token: %v", err)
	}
	// As id_token_hint at logout, the tampered token is refused too.
	resp, body := getNoRedirect(t, p.browser(), p.srv.URL+idpweb.PathLogout+"?id_token_hint="+url.QueryEscape(strings.Join(parts, ".")))
	if resp.StatusCode != http.StatusBadRequest || !strings.Contains(body, "invalid_request") {
		t.Fatalf("logout with a tampered hint: %d %s", resp.StatusCode, body)
	}
}

func TestNonPushedRequestOfPARClientIsRefused(t *testing.T) {
	p := newProvider(t)
	_, pub := rpKey(t)
	c, _ := p.rp(idp.Client{ID: "bank-fapi", AuthMethod: idp.AuthPrivateKeyJWT, FAPI: true, Scopes: []string{"openid", "profile"}})
	if err := p.svc.AddClientKey(bg, c.ID, "k1", pub); err != nil {
		t.Fatal(err)
	}
	_, challenge := pkce()
	v := url.Values{"client_id": {c.ID}, "redirect_uri": {c.RedirectURIs[0]}, "response_type": {"code"}, "scope": {"openid"},
		"state": {"s1"}, "code_challenge": {challenge}, "code_challenge_method": {"S256"}}
	resp, _ := getNoRedirect(t, p.browser(), p.srv.URL+idpweb.PathAuthorize+"?"+v.Encode())
	loc, err := resp.Location()
	if err != nil || loc.Query().Get("error") != "invalid_request" || !strings.Contains(loc.Query().Get("error_description"), "PAR") {
		t.Fatalf("non-pushed FAPI request: %d %v", resp.StatusCode, loc)
	}
	// A request_uri that was never pushed is answered without redirect.
	resp, body := getNoRedirect(t, p.browser(), p.srv.URL+idpweb.PathAuthorize+"?client_id="+c.ID+"&request_uri="+url.QueryEscape(idp.PushedPrefix+"forged"))
	if resp.StatusCode != http.StatusBadRequest || resp.Header.Get("Location") != "" || !strings.Contains(body, "invalid_request") {
		t.Fatalf("forged request_uri: %d %s", resp.StatusCode, body)
	}
}

func TestLogoutEndsTheSession(t *testing.T) {
	p := newProvider(t)
	c, _ := p.rp(idp.Client{PostLogoutURIs: []string{p.srv.URL + "/cb"}, Scopes: []string{"openid"}})
	cc := p.codeClient(idp.Client{ID: "other-rp", Scopes: []string{"openid"}})
	_ = c
	b := p.browser()
	verifier := oauth2.GenerateVerifier()
	q := p.login(b, cc.conf.AuthCodeURL("s", oauth2.S256ChallengeOption(verifier)), "042090000123")
	tok, err := cc.conf.Exchange(cc.ctx, q.Get("code"), oauth2.VerifierOption(verifier))
	if err != nil {
		t.Fatal(err)
	}
	// The browser session now skips the password.
	resp, _ := getNoRedirect(t, b, cc.conf.AuthCodeURL("s2", oauth2.S256ChallengeOption(verifier)))
	loc, _ := resp.Location()
	resp, _ = getNoRedirect(t, b, loc.String())
	if l, _ := resp.Location(); l == nil || l.Path != "/cb" {
		t.Fatalf("single sign-on did not skip the login: %d %v", resp.StatusCode, l)
	}
	hint := tok.Extra("id_token").(string)
	resp, _ = getNoRedirect(t, b, p.srv.URL+idpweb.PathLogout+"?"+url.Values{"id_token_hint": {hint}, "post_logout_redirect_uri": {"https://evil.example/"}}.Encode())
	if resp.StatusCode != http.StatusBadRequest {
		t.Fatalf("unregistered post_logout_redirect_uri: %d", resp.StatusCode)
	}
	resp, _ = getNoRedirect(t, b, p.srv.URL+idpweb.PathLogout+"?"+url.Values{"id_token_hint": {hint}}.Encode())
	if l, _ := resp.Location(); l == nil || l.Path != idpweb.PathLoggedOut {
		t.Fatalf("logout: %d %v", resp.StatusCode, l)
	}
	resp, body := getNoRedirect(t, b, cc.conf.AuthCodeURL("s3", oauth2.S256ChallengeOption(verifier)))
	loc, _ = resp.Location()
	resp, body = getNoRedirect(t, b, loc.String())
	if !strings.Contains(body, `name="password"`) {
		t.Fatalf("after logout the login page is not shown: %d", resp.StatusCode)
	}
}

func jsonB64Decode(s string) (map[string]any, error) {
	b, err := b64.DecodeString(s)
	if err != nil {
		return nil, err
	}
	var m map[string]any
	return m, json.Unmarshal(b, &m)
}

func jsonB64Encode(m map[string]any) string {
	b, _ := json.Marshal(m)
	return b64.EncodeToString(b)
}

var b64 = base64.RawURLEncoding
