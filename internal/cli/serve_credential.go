package cli

import (
	"bytes"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"time"

	"dancu/internal/credential"
	"dancu/internal/pki"
	"dancu/internal/wire"
)

// credentialIssuerPEM is the clear copy of every credential issuer
// certificate beside the sealed keys (like csca.pem), so the server
// publishes them and `dancu credential verify` checks offline without the
// passphrase.
const credentialIssuerPEM = "credential-issuer.pem"

// credentialConfig is the căn cước điện tử's configuration for wire: the
// issuer is --issuer (DANCU_ISSUER), the key the PKI's credential issuer.
func (a *app) credentialConfig() wire.CredentialConfig {
	issuer := a.oidc.issuer
	if issuer == "" {
		issuer = "https://localhost"
	}
	return wire.CredentialConfig{Keys: &serverCredentialKeys{a: a}, Issuer: issuer}
}

// serverCredentialKeys opens the PKI for signing on first use, with the
// passphrase in DANCU_PKI_PASSPHRASE or the demo's passphrase file, and
// publishes the certificates from the clear copies without it.
type serverCredentialKeys struct {
	a    *app
	once sync.Once
	auth *pki.Authority
	err  error
}

func (k *serverCredentialKeys) Signing(now time.Time) (pki.DocumentSigner, error) {
	k.once.Do(func() { k.auth, k.err = k.a.openPKIForServer() })
	if k.err != nil {
		return pki.DocumentSigner{}, k.err
	}
	return k.auth.CredentialIssuer(now)
}

func (k *serverCredentialKeys) Published() ([]*x509.Certificate, *x509.Certificate, error) {
	return readIssuerCertificates(k.a.pkiDir())
}

// openPKIForServer unseals the PKI without a terminal.
func (a *app) openPKIForServer() (*pki.Authority, error) {
	pass, ok := os.LookupEnv("DANCU_PKI_PASSPHRASE")
	if !ok {
		keys, err := a.keysDir()
		if err != nil {
			return nil, err
		}
		b, err := os.ReadFile(filepath.Join(keys, demoPassName))
		if err != nil {
			return nil, fmt.Errorf("%w: set DANCU_PKI_PASSPHRASE to sign credentials", pki.ErrNoCredentialIssuer)
		}
		pass = string(bytes.TrimSpace(b))
	}
	return pki.Open(pki.DirStore{Dir: a.pkiDir()}, []byte(pass))
}

// readIssuerCertificates reads the clear issuer certificates and the CSCA
// from the PKI directory; none yet is an empty list.
func readIssuerCertificates(dir string) ([]*x509.Certificate, *x509.Certificate, error) {
	data, err := os.ReadFile(filepath.Join(dir, credentialIssuerPEM))
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	var certs []*x509.Certificate
	for block, rest := pem.Decode(data); block != nil; block, rest = pem.Decode(rest) {
		c, err := x509.ParseCertificate(block.Bytes)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", credentialIssuerPEM, err)
		}
		certs = append(certs, c)
	}
	cscaPEM, err := os.ReadFile(filepath.Join(dir, "csca.pem"))
	if err != nil {
		return certs, nil, nil
	}
	csca, err := pki.ParseCertificatePEM(cscaPEM)
	return certs, csca, err
}

// writeIssuerCertificates keeps the clear copy in step with the sealed store.
func writeIssuerCertificates(dir string, auth *pki.Authority) error {
	certs, err := auth.CredentialIssuerCertificates()
	if err != nil {
		return err
	}
	var b []byte
	for _, c := range certs {
		b = append(b, pki.CertificatePEM(c)...)
	}
	return writePrivateFile(filepath.Join(dir, credentialIssuerPEM), b)
}

// mountCredentials routes the issuer metadata (outside /api/) to the API.
func mountCredentials(mux *http.ServeMux, apiHandler http.Handler) {
	mux.Handle(credential.MetadataPath, apiHandler)
}

// ensureCredentialIssuer creates the credential issuer key of a PKI that
// has none, or none usable now (the demo's), so the portal can show the
// căn cước điện tử.
func ensureCredentialIssuer(dir string, auth *pki.Authority) error {
	if _, err := auth.CredentialIssuer(time.Now()); err == nil {
		return nil
	}
	if _, err := auth.RotateCredentialIssuer(time.Now()); err != nil {
		return err
	}
	return writeIssuerCertificates(dir, auth)
}
