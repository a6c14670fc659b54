package cli

import (
	"context"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/idp"
	"dancu/internal/sqlstore"
)

// demoRP is the relying party the demo registers, to try the OpenID
// Connect flow by hand.
type demoRP struct {
	id, secret, redirect string
}

const (
	demoRPID       = "demo-rp"
	demoRPRedirect = "http://localhost:8000/callback"
	demoSecretFile = "demo-rp.secret"
)

// demoRelyingParty registers the demo's relying party once; its secret is
// kept 0600 in the keys directory so a second run can print it again.
func (a *app) demoRelyingParty(ctx context.Context, db *sqlstore.DB) (demoRP, error) {
	rp := demoRP{id: demoRPID, redirect: demoRPRedirect}
	keys, err := a.keysDir()
	if err != nil {
		return rp, err
	}
	secretPath := filepath.Join(keys, demoSecretFile)
	svc, err := a.oidcService(db)
	if err != nil {
		return rp, err
	}
	_, secret, err := svc.CreateClient(ctx, idp.Client{ID: demoRPID, Name: "Dịch vụ công thử nghiệm (demo)", LegalBasis: "Luật Căn cước 2023; NĐ 69/2024/NĐ-CP",
		RedirectURIs: []string{demoRPRedirect}, PostLogoutURIs: []string{"http://localhost:8000/"},
		Scopes: []string{idp.ScopeOpenID, idp.ScopeProfile, idp.ScopeIDNumber, idp.ScopeEmail, idp.ScopePhone, idp.ScopeOffline}, AuthMethod: idp.AuthSecretBasic})
	switch {
	case err == nil:
		if err := a.privateDir(keys); err != nil {
			return rp, err
		}
		rp.secret = secret
		return rp, writePrivateFile(secretPath, []byte(secret))
	case apperr.Is(err, apperr.Conflict):
		b, err := os.ReadFile(secretPath)
		if errors.Is(err, fs.ErrNotExist) {
			return rp, nil // registered by another keys directory: the secret is unknown here
		}
		rp.secret = strings.TrimSpace(string(b))
		return rp, err
	}
	return rp, err
}

// printOIDCDemo says how to try "log in with VNeID" against the demo.
func (a *app) printOIDCDemo(rp demoRP, base string) {
	if base == "" {
		base = "http://localhost:8080"
	}
	base = strings.Replace(base, "127.0.0.1", "localhost", 1)
	verifier := "demo-verifier-" + strings.Repeat("0123456789", 4)
	sum := sha256.Sum256([]byte(verifier))
	q := url.Values{"client_id": {rp.id}, "redirect_uri": {rp.redirect}, "response_type": {"code"}, "scope": {"openid profile id_number"},
		"state": {"demo"}, "code_challenge": {base64.RawURLEncoding.EncodeToString(sum[:])}, "code_challenge_method": {"S256"}}
	fmt.Fprintf(a.out, "\nOpenID Connect (log in with VNeID): issuer %s, discovery %s/.well-known/openid-configuration\n", base, base)
	fmt.Fprintf(a.out, "  relying party %s, client_secret %s (client_secret_basic), redirect URI %s\n", rp.id, orUnknown(rp.secret), rp.redirect)
	fmt.Fprintf(a.out, "  1. open in a browser and log in with a citizen account:\n     %s/oidc/authorize?%s\n", base, q.Encode())
	fmt.Fprintf(a.out, "  2. copy the code from the address the browser lands on (%s?code=…), then:\n", rp.redirect)
	fmt.Fprintf(a.out, "     curl -s -u %s:%s %s/oidc/token -d grant_type=authorization_code -d redirect_uri=%s -d code_verifier=%s -d code=CODE\n",
		rp.id, orUnknown(rp.secret), base, url.QueryEscape(rp.redirect), verifier)
	fmt.Fprintf(a.out, "     curl -s -H \"Authorization: Bearer ACCESS_TOKEN\" %s/oidc/userinfo\n", base)
	fmt.Fprintf(a.out, "  more relying parties: dancu rp create ID --name … --legal-basis … --redirect-uri … [--fapi --auth private_key_jwt --key-file KEY.pem]\n")
}

func orUnknown(s string) string {
	if s == "" {
		return "(unknown: shown when it was created)"
	}
	return s
}
