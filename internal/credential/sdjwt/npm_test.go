package sdjwt_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"strings"
	"testing"
	"time"

	"dancu/internal/credential/jose"
	"dancu/internal/credential/npmcheck"
	"dancu/internal/credential/sdjwt"
	"dancu/internal/credential/statuslist"
)

// TestAgainstNPM: the npm verifier accepts a presentation of chosen claims
// with key binding and sees only those claims; it refuses a tampered
// disclosure and a credential whose status list entry is revoked.
func TestAgainstNPM(t *testing.T) {
	issuer, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	holder, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	ijwk, _ := jose.PublicJWK(&issuer.PublicKey)
	hjwk, _ := jose.PublicJWK(&holder.PublicKey)
	const uri = "https://dancu.example/api/v1/credentials/status/1"
	issue := func(idx int) sdjwt.Issued {
		clear := map[string]any{"iss": "https://dancu.example", "vct": "urn:vn:cancuoc:1",
			"iat": now.Unix(), "exp": now.Add(time.Hour).Unix(), "cnf": map[string]any{"jwk": hjwk},
			"status": statuslist.NewRef(uri, idx)}
		i, err := sdjwt.Issue(issuer, jose.Header{Kid: "k1"}, clear, map[string]any{
			"name": "Trần Thị Bình", "birthdate": "2001-02-03", "age_over_18": true, "personal_identifier": "001301000123"})
		if err != nil {
			t.Fatal(err)
		}
		return i
	}
	list, _ := statuslist.New(statuslist.Bits, 64)
	list.Set(9, statuslist.Invalid)
	status, err := statuslist.Sign(issuer, "k1", uri, list, now, time.Minute)
	if err != nil {
		t.Fatal(err)
	}
	good := issue(2)
	pres := sdjwt.Present(good, only("name", "age_over_18"))
	bound, _ := sdjwt.Bind(pres, holder, sdjwt.KeyBinding{Audience: "https://bank.example", Nonce: "xyz", Time: now})
	parts := strings.Split(pres, "~")
	for i, enc := range parts[1 : len(parts)-1] {
		if d, _ := sdjwt.ParseDisclosure(enc); d.Name == "name" {
			parts[i+1] = tamper(enc)
		}
	}
	tampered := strings.Join(parts, "~")
	revoked := sdjwt.Present(issue(9), only("name"))

	base := npmcheck.Case{IssuerJWK: ijwk, StatusToken: status, Now: now.Unix()}
	cases := []npmcheck.Case{base, base, base, base, base}
	cases[0].Presentation, cases[0].Required, cases[0].Nonce = bound, []string{"name", "age_over_18"}, "xyz"
	// @sd-jwt 0.19 drops a disclosure no digest references instead of
	// rejecting the presentation (RFC 9901 §7.1 says reject; ours does), so
	// the tampered claim must be absent, and a verifier requiring it fails.
	cases[1].Presentation, cases[1].Required = tampered, []string{"name"}
	cases[4].Presentation = tampered
	cases[2].Presentation = revoked
	cases[3].Presentation = pres
	res := npmcheck.Run(t, cases)

	if !res[0].OK || !res[0].KB {
		t.Fatalf("npm refuses the presentation: %s", res[0].Error)
	}
	if res[0].Claims["name"] != "Trần Thị Bình" || res[0].Claims["age_over_18"] != true {
		t.Errorf("npm claims = %v", res[0].Claims)
	}
	for _, hidden := range []string{"birthdate", "personal_identifier"} {
		if _, ok := res[0].Claims[hidden]; ok {
			t.Errorf("npm sees undisclosed %s", hidden)
		}
	}
	if res[1].OK {
		t.Error("npm accepts a tampered disclosure of a required claim")
	}
	if _, ok := res[4].Claims["name"]; ok || !res[4].OK {
		t.Errorf("npm on a tampered disclosure: ok=%v name=%v %s", res[4].OK, res[4].Claims["name"], res[4].Error)
	}
	if res[2].OK || !strings.Contains(strings.ToLower(res[2].Error), "status") {
		t.Errorf("npm on a revoked credential: ok=%v %q, want a status failure", res[2].OK, res[2].Error)
	}
	if !res[3].OK || res[3].KB {
		t.Errorf("npm on a presentation without key binding: ok=%v kb=%v %s", res[3].OK, res[3].KB, res[3].Error)
	}
}
