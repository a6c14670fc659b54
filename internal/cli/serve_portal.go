package cli

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/idp"
	"dancu/internal/web/idpweb"
	"dancu/internal/web/portal"
	"dancu/internal/wire"
)

// citizenPortal is the citizen portal, served at /portal/ beside the
// officer application; its reads are audited through auditor. It logs
// citizens in through the server's own OpenID Connect provider, as one of
// its relying parties; without the provider the login is unavailable.
func (a *app) citizenPortal(svc *wire.Services, auditor audit.Recorder) (http.Handler, error) {
	self := wire.SelfService(svc, auditor)
	cfg := portal.Config{Self: self, Procedures: svc.Procedures, Units: svc.Units, Passkeys: svc.EID, Logger: a.log}
	if svc.OIDC != nil {
		login, err := a.portalLogin(svc, self.Identify)
		if err != nil {
			a.log.Warn("citizen portal: VNeID login unavailable", "err", err)
		} else if login != nil {
			cfg.Login = login
		}
	}
	h, err := portal.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("citizen portal: %w", err)
	}
	return h, nil
}

// portalLogin registers the portal as a relying party of the provider
// (once per set of redirect URIs; the secret is kept in KEYS/portal, 0600)
// and returns its OpenID Connect login, whose calls to the provider are
// served in process.
func (a *app) portalLogin(svc *wire.Services, identify func(context.Context, string) (string, error)) (portal.Login, error) {
	bases := a.portalBases()
	if len(bases) == 0 {
		return nil, errors.New("no --issuer and no fixed listen address to send citizens back to")
	}
	client := idp.Client{Name: "Cổng dịch vụ công dân", LegalBasis: "Luật Căn cước 2023; Nghị định 69/2024/NĐ-CP (định danh và xác thực điện tử)",
		Scopes: []string{"openid", "profile", "id_number"}, AuthMethod: idp.AuthSecretBasic}
	for _, b := range bases {
		client.RedirectURIs = append(client.RedirectURIs, b+portal.Prefix+"/callback")
		client.PostLogoutURIs = append(client.PostLogoutURIs, b+portal.Prefix+"/login")
	}
	sum := sha256.Sum256([]byte(strings.Join(client.RedirectURIs, " ")))
	client.ID = "dancu-portal-" + hex.EncodeToString(sum[:4])
	secret, err := a.portalClientSecret(svc.OIDC, client)
	if err != nil {
		return nil, err
	}
	op, err := idpweb.New(idpweb.Config{Service: svc.OIDC, Issuer: a.oidc.issuer, Logger: a.log})
	if err != nil {
		return nil, err
	}
	return portal.NewOIDCLogin(portal.OIDCConfig{Issuer: a.oidc.issuer, ClientID: client.ID, ClientSecret: secret,
		Transport: portal.InProcess(op), Identify: identify, Now: svc.Auth.Now})
}

// portalBases are the base URLs citizens reach the portal at: the issuer,
// or without one the listen address as 127.0.0.1 and localhost.
func (a *app) portalBases() []string {
	if a.oidc.issuer != "" {
		return []string{strings.TrimSuffix(a.oidc.issuer, "/")}
	}
	host, port, err := net.SplitHostPort(a.listenAddr)
	if err != nil || port == "0" || port == "" {
		return nil
	}
	scheme := "http"
	if a.tls.cert != "" {
		scheme = "https"
	}
	if host == "" || host == "0.0.0.0" || host == "127.0.0.1" || host == "localhost" {
		return []string{scheme + "://127.0.0.1:" + port, scheme + "://localhost:" + port}
	}
	return []string{scheme + "://" + net.JoinHostPort(host, port)}
}

// portalClientSecret reads the client's secret, registering the client
// first when it does not exist.
func (a *app) portalClientSecret(op *idp.Service, c idp.Client) (string, error) {
	keys, err := a.keysDir()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(keys, "portal")
	if err := a.privateDir(dir); err != nil {
		return "", err
	}
	file := filepath.Join(dir, c.ID+".secret")
	ctx := context.Background()
	if _, err := op.Client(ctx, c.ID); err == nil {
		b, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("relying party %s exists but its secret %s cannot be read: %w", c.ID, file, err)
		}
		return strings.TrimSpace(string(b)), nil
	} else if !apperr.Is(err, apperr.NotFound) {
		return "", err
	}
	_, secret, err := op.CreateClient(ctx, c)
	if err != nil {
		return "", fmt.Errorf("register the portal as a relying party: %w", err)
	}
	if err := os.WriteFile(file, []byte(secret+"\n"), 0o600); err != nil {
		return "", err
	}
	return secret, nil
}
