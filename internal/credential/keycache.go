package credential

import (
	"sync"
	"time"

	"dancu/internal/pki"
)

// keyCacheTTL is how long the service keeps the signing key and the
// published key set before asking Keys again: reading them unseals files,
// which cost more than the signature. A rotation shows within it.
const keyCacheTTL = time.Minute

// keyCache holds the signing key and the issuer metadata.
type keyCache struct {
	mu       sync.Mutex
	signer   pki.DocumentSigner
	kid      string
	signedAt time.Time
	md       *IssuerMetadata
	mdAt     time.Time
}

// signing is Keys.Signing, kept for keyCacheTTL while valid.
func (s *Service) signing(now time.Time) (pki.DocumentSigner, string, error) {
	c := &s.keys
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.signer.Key != nil && now.Sub(c.signedAt) < keyCacheTTL && now.Before(c.signer.Certificate.NotAfter) {
		return c.signer, c.kid, nil
	}
	k, err := s.cfg.Keys.Signing(now)
	if err != nil {
		return pki.DocumentSigner{}, "", err
	}
	kid, err := keyID(k.Certificate)
	if err != nil {
		return pki.DocumentSigner{}, "", err
	}
	c.signer, c.kid, c.signedAt = k, kid, now
	return k, kid, nil
}

// Metadata publishes every issuer key (rotated ones too, so credentials
// they signed keep verifying), each with its certificate chain to the
// CSCA in x5c; kept for keyCacheTTL.
func (s *Service) Metadata() (IssuerMetadata, error) {
	now := s.cfg.Now()
	c := &s.keys
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.md != nil && now.Sub(c.mdAt) < keyCacheTTL {
		return *c.md, nil
	}
	certs, csca, err := s.cfg.Keys.Published()
	if err != nil {
		return IssuerMetadata{}, err
	}
	jwks, err := JWKSOf(certs, csca)
	if err != nil {
		return IssuerMetadata{}, err
	}
	md := IssuerMetadata{Issuer: s.cfg.Issuer, JWKS: jwks}
	if len(jwks.Keys) > 0 { // no key yet is not cached: it may be created any moment
		c.md, c.mdAt = &md, now
	}
	return md, nil
}
