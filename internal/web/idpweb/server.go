// Package idpweb serves the OpenID Connect provider over HTTP: zitadel/oidc's
// op.Server implemented over idp.Service, with pushed authorization
// requests (RFC 9126) and DPoP (RFC 9449) built on its extension points
// (WithSetRouter, WithHTTPMiddleware), and the login and consent pages.
package idpweb

import (
	"context"
	"log/slog"
	"net/http"
	"strings"

	"github.com/go-chi/chi/v5"
	"github.com/zitadel/oidc/v3/pkg/op"

	"dancu/internal/idp"
)

// Routes of the provider: the issuer is the server's base URL and
// everything else lives under /oidc (docs/ARCHITECTURE.md).
const (
	PathDiscovery = "/.well-known/openid-configuration"
	PathAuthorize = "/oidc/authorize"
	PathPAR       = "/oidc/par"
	PathToken     = "/oidc/token"
	PathUserinfo  = "/oidc/userinfo"
	PathJWKS      = "/oidc/jwks"
	PathRevoke    = "/oidc/revoke"
	PathLogout    = "/oidc/logout"
	PathLogin     = "/oidc/login"
	PathConsent   = "/oidc/consent"
	PathLoggedOut = "/oidc/logged-out"
	PathStatic    = "/oidc/static/"
)

// Config is what the provider's web layer needs.
type Config struct {
	Service *idp.Service
	// Issuer is the public base URL (https://id.example.vn). Empty derives
	// it from each request's host, for development and tests only.
	Issuer string
	Logger *slog.Logger
}

// server implements op.Server over the provider's service.
type server struct {
	op.UnimplementedServer
	svc   *idp.Service
	log   *slog.Logger
	pages *pages
	dpop  *dpopChecker
}

// New returns the provider's handler; mount it at PathDiscovery and /oidc/.
func New(cfg Config) (http.Handler, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	pg, err := newPages()
	if err != nil {
		return nil, err
	}
	s := &server{svc: cfg.Service, log: cfg.Logger, pages: pg, dpop: newDPoPChecker(cfg.Service)}
	endpoints := op.Endpoints{
		Authorization: op.NewEndpoint(PathAuthorize),
		Token:         op.NewEndpoint(PathToken),
		Userinfo:      op.NewEndpoint(PathUserinfo),
		Revocation:    op.NewEndpoint(PathRevoke),
		EndSession:    op.NewEndpoint(PathLogout),
		JwksURI:       op.NewEndpoint(PathJWKS),
	}
	h := op.RegisterServer(s, endpoints,
		op.WithHTTPMiddleware(issuerMiddleware(cfg.Issuer), s.dpop.middleware, s.pushedRequests),
		op.WithSetRouter(func(r chi.Router) {
			r.Post(PathPAR, s.par)
			r.Get(PathLogin, s.loginPage)
			r.Post(PathLogin, s.loginSubmit)
			r.Post(PathPasskeyOptions, s.passkeyOptions)
			r.Post(PathPasskeyLogin, s.passkeyLogin)
			r.Get(PathConsent, s.consentPage)
			r.Post(PathConsent, s.consentSubmit)
			r.Get(PathLoggedOut, s.loggedOut)
			r.Get(PathStatic+"*", s.static)
		}))
	return h, nil
}

type issuerKey struct{}

// issuerMiddleware puts the issuer in the request's context.
func issuerMiddleware(fixed string) func(http.Handler) http.Handler {
	fixed = strings.TrimSuffix(fixed, "/")
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			iss := fixed
			if iss == "" {
				scheme := "http"
				if r.TLS != nil {
					scheme = "https"
				}
				iss = scheme + "://" + r.Host
			}
			next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), issuerKey{}, iss)))
		})
	}
}

// issuer is the issuer of the request ctx belongs to.
func issuer(ctx context.Context) string {
	s, _ := ctx.Value(issuerKey{}).(string)
	return s
}
