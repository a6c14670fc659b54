package api

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"dancu/internal/share"
)

func TestTokenEndpointClientSecret(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	secret := s.agency("bank-a", []string{"full_name"}, nil)
	form := url.Values{"grant_type": {"client_credentials"}, "client_id": {"bank-a"}, "client_secret": {secret}}
	w := s.tokenRequest(form, [2]string{})
	wantStatus(t, w, 200)
	if tr := decode[tokenResponse](t, w); tr.TokenType != "Bearer" || tr.ExpiresIn != 300 || tr.Audience != share.AudienceVerify || len(tr.AccessToken) < 40 {
		t.Errorf("token response %+v", tr)
	}
	if w.Header().Get("Cache-Control") != "no-store" {
		t.Error("token response may be cached")
	}
	wantStatus(t, s.tokenRequest(url.Values{"grant_type": {"client_credentials"}}, [2]string{"bank-a", secret}), 200)
	for name, f := range map[string]url.Values{
		"wrong secret":   {"grant_type": {"client_credentials"}, "client_id": {"bank-a"}, "client_secret": {"nope-nope"}},
		"unknown agency": {"grant_type": {"client_credentials"}, "client_id": {"bank-z"}, "client_secret": {secret}},
		"no secret":      {"grant_type": {"client_credentials"}, "client_id": {"bank-a"}},
	} {
		w := s.tokenRequest(f, [2]string{})
		if w.Code != 401 || decode[oauthError](t, w).Error != "invalid_client" {
			t.Errorf("%s: %d %s", name, w.Code, w.Body)
		}
	}
	w = s.tokenRequest(url.Values{"grant_type": {"password"}, "client_id": {"bank-a"}, "client_secret": {secret}}, [2]string{})
	if w.Code != 400 || decode[oauthError](t, w).Error != "unsupported_grant_type" {
		t.Errorf("password grant: %d %s", w.Code, w.Body)
	}
	s.svc.Suspend(bg, "bank-a")
	if w := s.tokenRequest(form, [2]string{}); w.Code != 400 || decode[oauthError](t, w).Error != "unauthorized_client" {
		t.Errorf("suspended: %d %s", w.Code, w.Body)
	}
	if strings.Contains(s.logs.String(), secret) {
		t.Error("the secret reached the log")
	}
}

func TestTokenEndpointPrivateKeyJWT(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	s.agency("bank-k", []string{"full_name"}, nil)
	oldKey, oldPEM := newECKey(t)
	newKey, newPEM := newECKey(t)
	s.db.Sharing().AddAgencyKey(bg, share.AgencyKey{AgencyID: "bank-k", KID: "2025", PEM: oldPEM, AddedAt: s.clock()})
	aud := "https://dancu.test/api/v1/oauth/token"
	exp := s.clock().Add(2 * time.Minute)
	ask := func(a string) int {
		return s.tokenRequest(url.Values{"grant_type": {"client_credentials"}, "client_assertion_type": {share.AssertionType},
			"client_assertion": {a}}, [2]string{}).Code
	}
	first := assertion(t, oldKey, "bank-k", aud, "j1", exp)
	if c := ask(first); c != 200 {
		t.Fatalf("valid assertion: %d", c)
	}
	for name, a := range map[string]string{
		"replayed jti":   first,
		"wrong audience": assertion(t, oldKey, "bank-k", "https://other.example/token", "j2", exp),
		"expired":        assertion(t, oldKey, "bank-k", aud, "j3", s.clock().Add(-time.Minute)),
		"too long-lived": assertion(t, oldKey, "bank-k", aud, "j4", s.clock().Add(time.Hour)),
		"unknown key":    assertion(t, newKey, "bank-k", aud, "j5", exp),
		"other issuer":   assertion(t, oldKey, "bank-x", aud, "j6", exp),
		"not a JWT":      "abc.def.ghi",
	} {
		if c := ask(a); c != 401 {
			t.Errorf("%s: status %d, want 401", name, c)
		}
	}
	// Rotation: add the new key, both work; retire the old, only the new.
	s.db.Sharing().AddAgencyKey(bg, share.AgencyKey{AgencyID: "bank-k", KID: "2026", PEM: newPEM, AddedAt: s.clock()})
	if ask(assertion(t, newKey, "bank-k", share.AssertionAudience, "j7", exp)) != 200 || ask(assertion(t, oldKey, "bank-k", aud, "j8", exp)) != 200 {
		t.Error("during rotation both keys must work")
	}
	s.db.Sharing().RetireAgencyKey(bg, "bank-k", "2025", s.clock())
	if ask(assertion(t, oldKey, "bank-k", aud, "j9", exp)) != 401 || ask(assertion(t, newKey, "bank-k", aud, "j10", exp)) != 200 {
		t.Error("after retirement only the new key must work")
	}
}

// TestAgencyTokensAreRequired: no call without a valid agency token
// reaches personal data; officer sessions and agency tokens never cross.
func TestAgencyTokensAreRequired(t *testing.T) {
	s := newShareEnv(t, "sqlite")
	secret := s.agency("bank-a", []string{"full_name"}, nil)
	body := map[string]string{"id_number": s.citizens["hung"].IDNumber, "full_name": "Nguyen Van Hung", "purpose": "kyc"}
	good := s.token("bank-a", secret, share.AudienceVerify)
	wantStatus(t, s.call("POST", "/api/v1/verify/match", good, body), 200)
	notify := s.token("bank-a", secret, share.AudienceNotify)
	revoked := s.token("bank-a", secret, share.AudienceVerify)
	req := newRequest("POST", "/api/v1/oauth/revoke", url.Values{"token": {revoked}}.Encode())
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	wantStatus(t, serve(s.env, req), 200)
	for name, tok := range map[string]string{
		"none": "", "garbage": "not-a-token-at-all-xxxxxxxxxxxxxxxx", "officer session": s.tokens["quan.tri"],
		"wrong audience": notify, "revoked": revoked,
	} {
		if w := s.call("POST", "/api/v1/verify/match", tok, body); w.Code != 401 {
			t.Errorf("%s: status %d, want 401: %s", name, w.Code, w.Body)
		}
	}
	// An agency token opens no officer route.
	req = newRequest("GET", "/api/v1/citizens/by-number/"+s.citizens["hung"].IDNumber, "")
	req.Header.Set("Authorization", "Bearer "+good)
	if w := serve(s.env, req); w.Code != 401 {
		t.Errorf("agency token on an officer route: %d", w.Code)
	}
	s.advance(5*time.Minute + time.Second)
	if w := s.call("POST", "/api/v1/verify/match", good, body); w.Code != 401 {
		t.Errorf("expired token: %d", w.Code)
	}
	fresh := s.token("bank-a", secret, share.AudienceVerify)
	s.svc.Suspend(bg, "bank-a")
	if w := s.call("POST", "/api/v1/verify/match", fresh, body); w.Code != 403 {
		t.Errorf("suspended agency: %d", w.Code)
	}
	for _, e := range s.audit.entries {
		if e.Result == "match" && e.AgencyID != "bank-a" {
			t.Errorf("audit entry %+v", e)
		}
	}
}
