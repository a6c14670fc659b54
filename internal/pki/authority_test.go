package pki_test

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"testing"
	"time"

	"dancu/internal/pki"
)

var (
	now  = time.Date(2026, 5, 3, 9, 0, 0, 0, time.UTC)
	pass = []byte("correct horse battery staple")
)

func mustInit(t *testing.T) (*pki.Authority, pki.KeyStore) {
	t.Helper()
	ks := pki.DirStore{Dir: t.TempDir()}
	a, err := pki.Init(ks, pass, pki.DefaultConfig(), fastKDF, now)
	if err != nil {
		t.Fatal(err)
	}
	return a, ks
}

func TestCertificateProfiles(t *testing.T) {
	a, _ := mustInit(t)
	csca := a.CSCA()
	ds, err := a.DocumentSigner(now)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		ok   bool
	}{
		{"CSCA is a CA with path length 0", csca.IsCA && csca.MaxPathLen == 0 && csca.MaxPathLenZero},
		{"CSCA key usage is keyCertSign+cRLSign", csca.KeyUsage == x509.KeyUsageCertSign|x509.KeyUsageCRLSign},
		{"CSCA is self-signed", csca.CheckSignatureFrom(csca) == nil},
		{"CSCA is P-384", csca.PublicKey.(*ecdsa.PublicKey).Curve.Params().BitSize == 384},
		{"CSCA country is VN", len(csca.Subject.Country) == 1 && csca.Subject.Country[0] == "VN"},
		{"CSCA valid 30 years", csca.NotAfter.Sub(csca.NotBefore) > 30*365*24*time.Hour},
		{"DS issued by the CSCA", ds.Certificate.CheckSignatureFrom(csca) == nil},
		{"DS key usage is digitalSignature only", ds.Certificate.KeyUsage == x509.KeyUsageDigitalSignature},
		{"DS is not a CA", !ds.Certificate.IsCA},
		{"DS is P-256", ds.Certificate.PublicKey.(*ecdsa.PublicKey).Curve.Params().BitSize == 256},
		{"DS within the CSCA's validity", !ds.Certificate.NotAfter.After(csca.NotAfter)},
		{"DS authority key ID is the CSCA's", string(ds.Certificate.AuthorityKeyId) == string(csca.SubjectKeyId)},
	} {
		if !tc.ok {
			t.Errorf("%s: no", tc.name)
		}
	}
	block, _ := pem.Decode(a.CSCAPEM())
	if block == nil || block.Type != "CERTIFICATE" || string(block.Bytes) != string(csca.Raw) {
		t.Error("CSCAPEM is not the CSCA certificate")
	}
}

func TestOpenAndRotate(t *testing.T) {
	a, ks := mustInit(t)
	if _, err := pki.Init(ks, pass, pki.DefaultConfig(), fastKDF, now); err == nil {
		t.Error("Init overwrote an existing PKI")
	}
	if _, err := pki.Open(ks, []byte("wrong passphrase here")); !errors.Is(err, pki.ErrWrongPassphrase) {
		t.Errorf("Open with a wrong passphrase: %v", err)
	}
	first, _ := a.DocumentSigner(now)

	later := now.Add(100 * 24 * time.Hour) // past the 90-day key usage period
	if _, err := a.DocumentSigner(later); !errors.Is(err, pki.ErrRotateDS) {
		t.Fatalf("DocumentSigner after its usage period: %v, want ErrRotateDS", err)
	}
	second, err := a.RotateDS(later)
	if err != nil {
		t.Fatal(err)
	}
	if second.Certificate.Equal(first.Certificate) {
		t.Fatal("rotation kept the same certificate")
	}

	reopened, err := pki.Open(ks, pass)
	if err != nil {
		t.Fatal(err)
	}
	current, err := reopened.DocumentSigner(later)
	if err != nil || !current.Certificate.Equal(second.Certificate) {
		t.Fatalf("reopened signer = %v, %v; want the rotated one", current.Certificate.Subject, err)
	}
	certs := reopened.DocumentSignerCertificates()
	if len(certs) != 2 || !certs[0].Equal(first.Certificate) {
		t.Fatalf("DocumentSignerCertificates = %d certs, want the old one kept first", len(certs))
	}
	// The old DS still chains to the CSCA and is valid for the cards it signed.
	roots := x509.NewCertPool()
	roots.AddCert(reopened.CSCA())
	_, err = certs[0].Verify(x509.VerifyOptions{Roots: roots, CurrentTime: later, KeyUsages: []x509.ExtKeyUsage{x509.ExtKeyUsageAny}})
	if err != nil {
		t.Errorf("old DS no longer verifies: %v", err)
	}
}
