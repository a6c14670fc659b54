package credential

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"time"

	"dancu/internal/credential/jose"
	"dancu/internal/pki"
)

// IssuerMetadata is the JWT VC Issuer Metadata document (SD-JWT VC draft
// §5) served at /.well-known/jwt-vc-issuer: the issuer and its keys.
type IssuerMetadata struct {
	Issuer string    `json:"issuer"`
	JWKS   jose.JWKS `json:"jwks"`
}

// MetadataPath is where the issuer metadata is served.
const MetadataPath = "/.well-known/jwt-vc-issuer"

// JWKSOf is the key set of issuer certificates chained to csca.
func JWKSOf(certs []*x509.Certificate, csca *x509.Certificate) (jose.JWKS, error) {
	set := jose.JWKS{Keys: []jose.JWK{}}
	for _, c := range certs {
		pub, ok := c.PublicKey.(*ecdsa.PublicKey)
		if !ok {
			return set, errors.New("credential: an issuer certificate's key is not ECDSA")
		}
		k, err := jose.PublicJWK(pub)
		if err != nil {
			return set, err
		}
		k.Kid, k.Use, k.Alg = k.Thumbprint(), "sig", "ES256"
		k.X5C = []string{base64.StdEncoding.EncodeToString(c.Raw)}
		if csca != nil {
			k.X5C = append(k.X5C, base64.StdEncoding.EncodeToString(csca.Raw))
		}
		set.Keys = append(set.Keys, k)
	}
	return set, nil
}

// PKIKeys takes the issuer key from an opened national PKI.
type PKIKeys struct{ Authority *pki.Authority }

// Signing is the current credential issuer key.
func (k PKIKeys) Signing(now time.Time) (pki.DocumentSigner, error) {
	return k.Authority.CredentialIssuer(now)
}

// Published lists the issuer certificates and the CSCA.
func (k PKIKeys) Published() ([]*x509.Certificate, *x509.Certificate, error) {
	certs, err := k.Authority.CredentialIssuerCertificates()
	return certs, k.Authority.CSCA(), err
}

// NoKeys is the issuer key of a deployment without one: issuing is
// refused with ErrNoCredentialIssuer, and no key is published.
type NoKeys struct{}

// Signing implements Keys.
func (NoKeys) Signing(time.Time) (pki.DocumentSigner, error) {
	return pki.DocumentSigner{}, pki.ErrNoCredentialIssuer
}

// Published implements Keys.
func (NoKeys) Published() ([]*x509.Certificate, *x509.Certificate, error) { return nil, nil, nil }
