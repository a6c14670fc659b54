package pki

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"
)

// The credential issuer signs the căn cước điện tử (an SD-JWT VC) and its
// status list. Its key is a P-256 key certified by the CSCA, like a
// Document Signer but apart from them: a chip signature and a wallet
// credential are different documents, and rotating one must not touch the
// other. Verifiers find it in the issuer metadata (/.well-known/jwt-vc-issuer),
// with its certificate chain in x5c.

const ciIndexBlob = "ci-index.json"

func ciKeyBlob(serial string) string  { return "ci-" + serial + ".key" }
func ciCertBlob(serial string) string { return "ci-" + serial + ".crt" }

// ErrNoCredentialIssuer: `dancu pki credential-issuer` has not been run.
var ErrNoCredentialIssuer = errors.New("pki: no credential issuer key; create one with `dancu pki credential-issuer`")

// credentialKeyUsage is how long a credential issuer key signs; a
// credential lives at most a year, so its certificate lasts two.
const credentialKeyUsage = year

// CredentialIssuer returns the key that signs credentials at now.
func (a *Authority) CredentialIssuer(now time.Time) (DocumentSigner, error) {
	var idx dsIndex
	if err := getJSON(a.store, ciIndexBlob, &idx); errors.Is(err, ErrNotFound) {
		return DocumentSigner{}, ErrNoCredentialIssuer
	} else if err != nil {
		return DocumentSigner{}, err
	}
	cert, err := getCert(a.store, ciCertBlob(idx.Current))
	if err != nil {
		return DocumentSigner{}, err
	}
	from, until, err := keyUsagePeriod(cert)
	if err != nil {
		return DocumentSigner{}, err
	}
	if now.Before(from) || now.After(until) {
		return DocumentSigner{}, fmt.Errorf("pki: the credential issuer key is outside its usage period (%s–%s); rotate it with `dancu pki credential-issuer`",
			from.Format(time.DateOnly), until.Format(time.DateOnly))
	}
	key, err := getKey(a.store, ciKeyBlob(idx.Current))
	if err != nil {
		return DocumentSigner{}, err
	}
	return DocumentSigner{Certificate: cert, Key: key}, nil
}

// CredentialIssuerCertificates lists every credential issuer certificate,
// oldest first: credentials signed before a rotation keep verifying.
func (a *Authority) CredentialIssuerCertificates() ([]*x509.Certificate, error) {
	var idx dsIndex
	if err := getJSON(a.store, ciIndexBlob, &idx); errors.Is(err, ErrNotFound) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	certs := make([]*x509.Certificate, 0, len(idx.Signers))
	for _, serial := range idx.Signers {
		c, err := getCert(a.store, ciCertBlob(serial))
		if err != nil {
			return nil, err
		}
		certs = append(certs, c)
	}
	return certs, nil
}

// RotateCredentialIssuer creates a new credential issuer key, certified by
// the CSCA from now, and makes it current; the first call creates it.
func (a *Authority) RotateCredentialIssuer(now time.Time) (DocumentSigner, error) {
	var idx dsIndex
	if err := getJSON(a.store, ciIndexBlob, &idx); err != nil && !errors.Is(err, ErrNotFound) {
		return DocumentSigner{}, err
	}
	cscaSigner, err := getKey(a.store, cscaKey)
	if err != nil {
		return DocumentSigner{}, err
	}
	key, err := newKey(dsCurve)
	if err != nil {
		return DocumentSigner{}, err
	}
	name := "Credential Issuer " + now.UTC().Format("20060102T150405Z")
	t, err := baseTemplate(a.cfg, name, &key.PublicKey, now, now.Add(credentialKeyUsage), now.Add(2*credentialKeyUsage))
	if err != nil {
		return DocumentSigner{}, err
	}
	t.KeyUsage = x509.KeyUsageDigitalSignature
	cert, err := issue(t, a.csca, &key.PublicKey, cscaSigner)
	if err != nil {
		return DocumentSigner{}, err
	}
	serial := cert.SerialNumber.Text(16)
	if err := putKeyAndCert(a.store, ciKeyBlob(serial), ciCertBlob(serial), key, cert); err != nil {
		return DocumentSigner{}, err
	}
	next := dsIndex{Current: serial, Signers: append(slices.Clone(idx.Signers), serial)}
	if err := putJSON(a.store, ciIndexBlob, next); err != nil {
		return DocumentSigner{}, err
	}
	return DocumentSigner{Certificate: cert, Key: key}, nil
}
