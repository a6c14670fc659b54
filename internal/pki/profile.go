package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/asn1"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// Certificate profiles of ICAO 9303 part 12 §7.1: version 3, a positive
// serial of at most 20 bytes, the country in issuer and subject, critical
// key usage, subject and authority key identifiers, and the private key
// usage period that tells inspection systems when the key stopped signing.

// oidPrivateKeyUsagePeriod is id-ce-privateKeyUsagePeriod (RFC 3280
// §4.2.1.4), mandatory in ICAO CSCA certificates.
var oidPrivateKeyUsagePeriod = asn1.ObjectIdentifier{2, 5, 29, 16}

func cscaTemplate(cfg Config, pub *ecdsa.PublicKey, now time.Time) (*x509.Certificate, error) {
	t, err := baseTemplate(cfg, "CSCA Viet Nam", pub, now, now.Add(cfg.CSCAKeyUsage), now.Add(cfg.cscaValidity()))
	if err != nil {
		return nil, err
	}
	t.IsCA = true
	t.BasicConstraintsValid = true
	t.MaxPathLenZero = true // a CSCA certifies Document Signers only
	t.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageCRLSign
	return t, nil
}

// dsTemplate has no extended key usage: ICAO defines none for Document
// Signers, and openssl cms -verify accepts the chain without one.
func dsTemplate(cfg Config, pub *ecdsa.PublicKey, now time.Time, csca *x509.Certificate) (*x509.Certificate, error) {
	name := "Document Signer " + now.UTC().Format("20060102T150405Z")
	notAfter := now.Add(cfg.DSKeyUsage + cfg.DocumentValidity)
	if notAfter.After(csca.NotAfter) {
		return nil, fmt.Errorf("pki: a DS issued now would outlive the CSCA (until %s); issue a new CSCA",
			csca.NotAfter.Format(time.DateOnly))
	}
	t, err := baseTemplate(cfg, name, pub, now, now.Add(cfg.DSKeyUsage), notAfter)
	if err != nil {
		return nil, err
	}
	t.KeyUsage = x509.KeyUsageDigitalSignature
	return t, nil
}

func baseTemplate(cfg Config, cn string, pub *ecdsa.PublicKey, now, keyUntil, notAfter time.Time) (*x509.Certificate, error) {
	serial, err := rand.Int(rand.Reader, new(big.Int).Lsh(big.NewInt(1), 127)) // 16 bytes, positive
	if err != nil {
		return nil, fmt.Errorf("pki: serial: %w", err)
	}
	pkup, err := privateKeyUsagePeriod(now, keyUntil)
	if err != nil {
		return nil, err
	}
	point, err := pub.Bytes()
	if err != nil {
		return nil, fmt.Errorf("pki: public key: %w", err)
	}
	keyID := sha256.Sum256(point) // RFC 7093 §2 method 1
	return &x509.Certificate{
		SerialNumber: serial,
		Subject: pkix.Name{
			Country:      []string{cfg.Country},
			Organization: []string{cfg.Organization},
			CommonName:   cn,
		},
		NotBefore:       now.Truncate(time.Second),
		NotAfter:        notAfter.Truncate(time.Second),
		SubjectKeyId:    keyID[:20],
		ExtraExtensions: []pkix.Extension{{Id: oidPrivateKeyUsagePeriod, Value: pkup}},
	}, nil
}

// privateKeyUsagePeriod encodes SEQUENCE { [0] notBefore, [1] notAfter }
// as implicitly tagged GeneralizedTime.
func privateKeyUsagePeriod(from, until time.Time) ([]byte, error) {
	const layout = "20060102150405Z"
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.Tag(0).ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddBytes([]byte(from.UTC().Format(layout)))
		})
		b.AddASN1(cbasn1.Tag(1).ContextSpecific(), func(b *cryptobyte.Builder) {
			b.AddBytes([]byte(until.UTC().Format(layout)))
		})
	})
	return b.Bytes()
}

// issue creates the certificate from template, signed by parent's key.
func issue(template, parent *x509.Certificate, pub *ecdsa.PublicKey, parentKey crypto.Signer) (*x509.Certificate, error) {
	der, err := x509.CreateCertificate(rand.Reader, template, parent, pub, parentKey)
	if err != nil {
		return nil, fmt.Errorf("pki: issuing %q: %w", template.Subject.CommonName, err)
	}
	return x509.ParseCertificate(der)
}
