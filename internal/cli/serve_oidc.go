package cli

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"time"

	"github.com/spf13/pflag"

	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/idp"
	"dancu/internal/sqlstore"
	"dancu/internal/web/idpweb"
	"dancu/internal/wire"
)

// oidcFlags configure the OpenID Connect provider of `dancu serve`.
type oidcFlags struct {
	issuer string
}

func (f *oidcFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&f.issuer, "issuer", "", "public base URL of the server, the OpenID Connect issuer (env DANCU_ISSUER; default: taken from each request's host, for development only)")
}

// oidcKeysDir is KEYS/oidc: the provider's signing keys and pairwise secret.
func (a *app) oidcKeysDir() (string, error) {
	keys, err := a.keysDir()
	if err != nil {
		return "", err
	}
	return filepath.Join(keys, "oidc"), nil
}

// oidcKeyRing opens (creating on first use) the provider's key ring.
func (a *app) oidcKeyRing() (*idp.KeyRing, error) {
	dir, err := a.oidcKeysDir()
	if err != nil {
		return nil, err
	}
	if err := a.privateDir(filepath.Dir(dir)); err != nil {
		return nil, err
	}
	ring, err := idp.OpenKeyRing(dir, time.Now())
	if err != nil {
		return nil, fmt.Errorf("OpenID Connect keys: %w", err)
	}
	return ring, nil
}

// servingServices builds the services of `dancu serve`: those of every
// command plus the OpenID Connect provider, which audits through auditor.
func (a *app) servingServices(ctx context.Context, db *sqlstore.DB, auditor audit.Recorder, watch auth.LoginWatch) (*wire.Services, error) {
	ring, err := a.oidcKeyRing()
	if err != nil {
		return nil, err
	}
	// A key rotated or retired with `dancu oidc` applies within a minute.
	go ring.Watch(ctx, time.Minute, func(err error) { a.log.Warn("OpenID Connect keys", "err", err) })
	return wire.New(db, wire.Config{Logger: a.log, Blobs: &lazyBlobs{open: a.openBlobs}, Webhooks: a.webhooks.policy,
		OIDC:        wire.OIDCConfig{Keys: ring, Audit: auditor}, // Accounts: citizens' VNeID accounts (wire's default)
		Credentials: a.credentialConfig(), EID: a.eidConfig(), Watch: watch}), nil
}

// mountOIDC puts the provider at the discovery path and under /oidc/.
func (a *app) mountOIDC(mux *http.ServeMux, svc *wire.Services) error {
	if svc.OIDC == nil {
		return nil
	}
	h, err := idpweb.New(idpweb.Config{Service: svc.OIDC, Issuer: a.oidc.issuer, Logger: a.log})
	if err != nil {
		return fmt.Errorf("OpenID Connect provider: %w", err)
	}
	mux.Handle(idpweb.PathDiscovery, h)
	mux.Handle("/oidc/", h)
	return nil
}
