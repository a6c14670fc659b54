package idpweb_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/coreos/go-oidc/v3/oidc"
	"golang.org/x/oauth2"

	"dancu/internal/idp"
	"dancu/internal/web/idpweb"
)

// TestMaxAgeZeroAsksTheLoginAgain: a browser with a provider session is
// logged in to a relying party without the login page (single sign-on),
// keeping its old login's auth_time; max_age=0 or prompt=login shows the
// login page again, and the id_token's auth_time is the new login's. The
// portal asks this before a citizen changes their passkeys.
func TestMaxAgeZeroAsksTheLoginAgain(t *testing.T) {
	p := newProvider(t)
	cc := p.codeClient(idp.Client{Scopes: []string{"openid", "profile"}})
	const who = "042090000123"
	b := p.browser()
	// authTime runs the code flow from authURL's answer and returns the
	// id_token's auth_time.
	authTime := func(t *testing.T, verifier string, cb string) time.Time {
		t.Helper()
		tok, err := cc.conf.Exchange(cc.ctx, cb, oauth2.VerifierOption(verifier))
		if err != nil {
			t.Fatal(err)
		}
		raw, _ := tok.Extra("id_token").(string)
		idt, err := cc.op.Verifier(&oidc.Config{ClientID: cc.conf.ClientID}).Verify(cc.ctx, raw)
		if err != nil {
			t.Fatal(err)
		}
		var claims struct {
			AuthTime int64 `json:"auth_time"`
		}
		if err := idt.Claims(&claims); err != nil || claims.AuthTime == 0 {
			t.Fatalf("id_token without auth_time (%v)", err)
		}
		return time.Unix(claims.AuthTime, 0)
	}
	authURL := func(extra ...oauth2.AuthCodeOption) (string, string) {
		verifier := oauth2.GenerateVerifier()
		return cc.conf.AuthCodeURL("st", append(extra, oauth2.S256ChallengeOption(verifier))...), verifier
	}

	// The first login, an hour ago as the provider's session remembers it.
	hourAgo := time.Now().Add(-time.Hour).Truncate(time.Second)
	p.accounts.setClock(func() time.Time { return hourAgo })
	u, verifier := authURL()
	if got := authTime(t, verifier, p.login(b, u, who).Get("code")); !got.Equal(hourAgo) {
		t.Fatalf("first login's auth_time %v, want %v", got, hourAgo)
	}
	p.accounts.setClock(nil)

	for _, tc := range []struct {
		name  string
		opts  []oauth2.AuthCodeOption
		login bool // the login page shows again
	}{
		{"no max_age: the session answers", nil, false},
		{"max_age of two hours: the session answers", []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("max_age", "7200")}, false},
		{"max_age=0", []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("max_age", "0")}, true},
		{"max_age of ten minutes", []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("max_age", "600")}, true},
		{"prompt=login", []oauth2.AuthCodeOption{oauth2.SetAuthURLParam("prompt", "login")}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			u, verifier := authURL(tc.opts...)
			before := time.Now().Truncate(time.Second)
			resp, err := b.Get(u)
			if err != nil {
				t.Fatal(err)
			}
			page := readBody(t, resp)
			shown := resp.StatusCode == http.StatusOK && strings.Contains(page, `name="password"`)
			if shown != tc.login {
				t.Fatalf("login page shown = %v, want %v (status %d, location %q)", shown, tc.login, resp.StatusCode, resp.Header.Get("Location"))
			}
			var code string
			if !tc.login {
				code = callbackURL(t, resp).Query().Get("code")
			} else {
				form := formFields(t, page)
				form.Set("identifier", who)
				form.Set("password", password)
				resp, err := b.PostForm(p.srv.URL+idpweb.PathLogin, form)
				if err != nil {
					t.Fatal(err)
				}
				code = callbackURL(t, resp).Query().Get("code")
			}
			got := authTime(t, verifier, code)
			if !tc.login && !got.Equal(hourAgo) {
				t.Fatalf("a session's login has auth_time %v, want the first login's %v", got, hourAgo)
			}
			if tc.login && got.Before(before) {
				t.Fatalf("after a new login auth_time is %v, before the request (%v)", got, before)
			}
		})
		if tc.login { // the next case starts from a session an hour old again
			b = p.browser()
			p.accounts.setClock(func() time.Time { return hourAgo })
			u, verifier := authURL()
			authTime(t, verifier, p.login(b, u, who).Get("code"))
			p.accounts.setClock(nil)
		}
	}
}
