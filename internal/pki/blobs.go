package pki

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"fmt"
)

var (
	cscaCurve = elliptic.P384()
	dsCurve   = elliptic.P256()
)

func newKey(curve elliptic.Curve) (*ecdsa.PrivateKey, error) {
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		return nil, fmt.Errorf("pki: generating key: %w", err)
	}
	return key, nil
}

func putKeyAndCert(s *SealedStore, keyName, certName string, key *ecdsa.PrivateKey, cert *x509.Certificate) error {
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return fmt.Errorf("pki: encoding key: %w", err)
	}
	defer clear(der)
	if err := s.Put(keyName, der); err != nil {
		return err
	}
	return s.Put(certName, cert.Raw)
}

func getKey(s *SealedStore, name string) (crypto.Signer, error) {
	der, err := s.Get(name)
	if err != nil {
		return nil, err
	}
	defer clear(der)
	key, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("pki: %s: %w", name, err) // never the key bytes
	}
	signer, ok := key.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("pki: %s is not a signing key", name)
	}
	return signer, nil
}

func getCert(s *SealedStore, name string) (*x509.Certificate, error) {
	der, err := s.Get(name)
	if err != nil {
		return nil, err
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		return nil, fmt.Errorf("pki: %s: %w", name, err)
	}
	return cert, nil
}

func putJSON(s *SealedStore, name string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("pki: %s: %w", name, err)
	}
	return s.Put(name, b)
}

func getJSON(s *SealedStore, name string, v any) error {
	b, err := s.Get(name)
	if err != nil {
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("pki: %s: %w", name, err)
	}
	return nil
}
