package idp

import (
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// Client authentication methods (OIDC Core §9).
const (
	AuthSecretBasic   = "client_secret_basic"
	AuthPrivateKeyJWT = "private_key_jwt"
)

// ClientStatus says whether a relying party may use the provider.
type ClientStatus string

const (
	ClientActive  ClientStatus = "active"
	ClientRevoked ClientStatus = "revoked"
)

// Client is a registered relying party. Like a partner agency it has a
// legal basis and a scope of data (here OAuth scopes); unlike one, it
// receives data only about the citizen who logs in and consents.
type Client struct {
	ID         string `json:"id"`
	Name       string `json:"name"`
	LegalBasis string `json:"legal_basis"`
	// RedirectURIs are compared exactly (no patterns), per OAuth 2.0
	// Security BCP; PostLogoutURIs likewise for RP-initiated logout.
	RedirectURIs   []string `json:"redirect_uris"`
	PostLogoutURIs []string `json:"post_logout_redirect_uris,omitempty"`
	Scopes         []string `json:"scopes"`
	AuthMethod     string   `json:"auth_method"`
	// FAPI puts the relying party under the FAPI 2.0 Security Profile:
	// pushed authorization requests only, private_key_jwt only, and
	// DPoP-bound access tokens. Required for level-2 data.
	FAPI      bool         `json:"fapi"`
	Status    ClientStatus `json:"status"`
	CreatedAt time.Time    `json:"created_at"`
	Keys      []ClientKey  `json:"keys,omitempty"`
}

// ClientKey is a public key of a private_key_jwt client (PEM, PKIX).
type ClientKey struct {
	KID     string    `json:"kid"`
	PEM     string    `json:"pem"`
	AddedAt time.Time `json:"added_at"`
}

var clientIDPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{1,62}$`)

// maxURIs bounds the registered URIs of one client.
const maxURIs = 20

// Validate checks a client before it is stored.
func (c Client) Validate() error {
	var bad []apperr.FieldError
	add := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	if !clientIDPattern.MatchString(c.ID) {
		add("id", "2-63 lower-case letters, digits, '.', '_' or '-'")
	}
	if strings.TrimSpace(c.Name) == "" {
		add("name", "required")
	}
	if strings.TrimSpace(c.LegalBasis) == "" {
		add("legal_basis", "required")
	}
	if len(c.RedirectURIs) == 0 || len(c.RedirectURIs) > maxURIs || len(c.PostLogoutURIs) > maxURIs {
		add("redirect_uris", "1 to 20 redirect URIs")
	}
	for _, u := range append(slices.Clone(c.RedirectURIs), c.PostLogoutURIs...) {
		if reason := checkRedirectURI(u); reason != "" {
			add("redirect_uris", u+": "+reason)
		}
	}
	if !slices.Contains(c.Scopes, ScopeOpenID) {
		add("scopes", "must include openid")
	}
	for _, s := range c.Scopes {
		sc, ok := LookupScope(s)
		switch {
		case !ok:
			add("scopes", "unknown scope "+s)
		case sc.Level >= 2 && !c.FAPI:
			add("scopes", s+" releases level-2 data: register the relying party under FAPI 2.0 (--fapi)")
		}
	}
	switch c.AuthMethod {
	case AuthPrivateKeyJWT:
	case AuthSecretBasic:
		if c.FAPI {
			add("auth_method", "FAPI 2.0 relying parties authenticate with private_key_jwt only")
		}
	default:
		add("auth_method", "client_secret_basic or private_key_jwt")
	}
	if c.Status != ClientActive && c.Status != ClientRevoked {
		add("status", "active or revoked")
	}
	if len(bad) > 0 {
		return apperr.WithFields("invalid relying party", bad...)
	}
	return nil
}

// checkRedirectURI returns why u cannot be registered, or "".
func checkRedirectURI(u string) string {
	p, err := url.Parse(u)
	switch {
	case err != nil || !p.IsAbs() || p.Host == "":
		return "an absolute URL"
	case p.Fragment != "":
		return "no fragment (RFC 6749 §3.1.2)"
	case p.Scheme == "https":
		return ""
	case p.Scheme == "http" && isLoopback(p.Hostname()):
		return "" // native and development clients (RFC 8252 §7.3)
	}
	return "https, or http on a loopback address"
}

func isLoopback(host string) bool {
	return host == "localhost" || host == "127.0.0.1" || host == "::1"
}

// AllowsScope reports whether the client registered scope s.
func (c Client) AllowsScope(s string) bool { return slices.Contains(c.Scopes, s) }

// Active reports whether the client may use the provider.
func (c Client) Active() bool { return c.Status == ClientActive }
