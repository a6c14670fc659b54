package pki

import (
	"crypto"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"
)

// Authority is an opened PKI: the CSCA certificate and the Document
// Signers. The CSCA private key stays sealed until a Document Signer is
// issued; the current Document Signer key is held in memory for signing.
type Authority struct {
	store   *SealedStore
	cfg     Config
	csca    *x509.Certificate
	index   dsIndex
	signers map[string]*x509.Certificate // by serial (hex)
	current DocumentSigner
}

// DocumentSigner is a Document Signer certificate and its private key. It
// converts to chip.Signer.
type DocumentSigner struct {
	Certificate *x509.Certificate
	Key         crypto.Signer
}

// Blob names in the sealed store.
const (
	configBlob = "config.json"
	cscaKey    = "csca.key"
	cscaCert   = "csca.crt"
	indexBlob  = "ds-index.json"
)

func dsKeyBlob(serial string) string  { return "ds-" + serial + ".key" }
func dsCertBlob(serial string) string { return "ds-" + serial + ".crt" }

// Init creates the PKI in an empty store: the sealed-store key from
// passphrase, a CSCA and a first Document Signer, both valid from now.
func Init(ks KeyStore, passphrase []byte, cfg Config, kdf KDFParams, now time.Time) (*Authority, error) {
	store, err := CreateSealed(ks, passphrase, kdf)
	if err != nil {
		return nil, err
	}
	if err := putJSON(store, configBlob, cfg); err != nil {
		return nil, err
	}
	key, err := newKey(cscaCurve)
	if err != nil {
		return nil, err
	}
	template, err := cscaTemplate(cfg, &key.PublicKey, now)
	if err != nil {
		return nil, err
	}
	csca, err := issue(template, template, &key.PublicKey, key)
	if err != nil {
		return nil, err
	}
	if err := putKeyAndCert(store, cscaKey, cscaCert, key, csca); err != nil {
		return nil, err
	}
	a := &Authority{store: store, cfg: cfg, csca: csca, signers: map[string]*x509.Certificate{}}
	if _, err := a.RotateDS(now); err != nil {
		return nil, err
	}
	return a, nil
}

// Open loads an initialised PKI; ErrWrongPassphrase when passphrase does
// not open the store.
func Open(ks KeyStore, passphrase []byte) (*Authority, error) {
	store, err := OpenSealed(ks, passphrase)
	if err != nil {
		return nil, err
	}
	a := &Authority{store: store, signers: map[string]*x509.Certificate{}}
	if err := getJSON(store, configBlob, &a.cfg); err != nil {
		return nil, err
	}
	if a.csca, err = getCert(store, cscaCert); err != nil {
		return nil, err
	}
	if err := getJSON(store, indexBlob, &a.index); err != nil {
		return nil, err
	}
	for _, serial := range a.index.Signers {
		if a.signers[serial], err = getCert(store, dsCertBlob(serial)); err != nil {
			return nil, err
		}
	}
	key, err := getKey(store, dsKeyBlob(a.index.Current))
	if err != nil {
		return nil, err
	}
	a.current = DocumentSigner{Certificate: a.signers[a.index.Current], Key: key}
	return a, nil
}

// CSCA returns the country signing CA certificate.
func (a *Authority) CSCA() *x509.Certificate { return a.csca }

// CSCAPEM returns the CSCA certificate in PEM, for inspection systems and
// the ICAO PKD.
func (a *Authority) CSCAPEM() []byte { return CertificatePEM(a.csca) }

// ParseCertificatePEM reads one PEM certificate (csca.pem, ds.pem).
func ParseCertificatePEM(data []byte) (*x509.Certificate, error) {
	block, _ := pem.Decode(data)
	if block == nil || block.Type != "CERTIFICATE" {
		return nil, errors.New("pki: no PEM CERTIFICATE block")
	}
	c, err := x509.ParseCertificate(block.Bytes)
	if err != nil {
		return nil, fmt.Errorf("pki: parse certificate: %w", err)
	}
	return c, nil
}

// CertificatePEM encodes a certificate as PEM, the form openssl and most
// verifiers read.
func CertificatePEM(c *x509.Certificate) []byte {
	return pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: c.Raw})
}
