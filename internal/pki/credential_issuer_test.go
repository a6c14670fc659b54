package pki_test

import (
	"crypto/x509"
	"errors"
	"testing"
	"time"

	"dancu/internal/pki"
)

func TestCredentialIssuer(t *testing.T) {
	a, ks := mustInit(t)
	if _, err := a.CredentialIssuer(now); !errors.Is(err, pki.ErrNoCredentialIssuer) {
		t.Fatalf("before creation: %v", err)
	}
	first, err := a.RotateCredentialIssuer(now)
	if err != nil {
		t.Fatal(err)
	}
	if err := first.Certificate.CheckSignatureFrom(a.CSCA()); err != nil {
		t.Errorf("not certified by the CSCA: %v", err)
	}
	if first.Certificate.KeyUsage != x509.KeyUsageDigitalSignature || first.Certificate.IsCA {
		t.Error("credential issuer certificate is not a signing-only end entity")
	}
	later := now.Add(400 * 24 * time.Hour)
	if _, err := a.CredentialIssuer(later); err == nil {
		t.Error("a key past its usage period still signs")
	}
	second, err := a.RotateCredentialIssuer(later)
	if err != nil {
		t.Fatal(err)
	}
	reopened, err := pki.Open(ks, pass)
	if err != nil {
		t.Fatal(err)
	}
	cur, err := reopened.CredentialIssuer(later)
	if err != nil || !cur.Certificate.Equal(second.Certificate) {
		t.Fatalf("current after rotation: %v", err)
	}
	certs, err := reopened.CredentialIssuerCertificates()
	if err != nil || len(certs) != 2 || !certs[0].Equal(first.Certificate) {
		t.Fatalf("certificates = %d, %v; want both, oldest first", len(certs), err)
	}
	if ds, _ := reopened.DocumentSigner(now); ds.Certificate.Equal(first.Certificate) {
		t.Error("the credential issuer replaced the Document Signer")
	}
}
