package share

import (
	"context"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"fmt"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"dancu/internal/apperr"
)

// maxAssertionLife bounds exp - now of a client assertion, so the jti
// replay cache stays small and a leaked assertion is short-lived.
const maxAssertionLife = 10 * time.Minute

// verifyAssertion checks a private_key_jwt client assertion (RFC 7523):
// iss = sub = client_id, aud = the token endpoint, exp required and near,
// a jti never seen before, signed ES256 or RS256 by one of the agency's
// active keys. It returns the client id.
func (s *Service) verifyAssertion(ctx context.Context, c ClientAuth) (string, error) {
	if c.AssertionType != AssertionType {
		return "", apperr.WithFields("unsupported client assertion type", apperr.FieldError{Field: "client_assertion_type", Reason: "must be " + AssertionType})
	}
	// The client id is taken from the unverified issuer only to find the
	// keys; the signature check below then proves it.
	var unverified jwt.RegisteredClaims
	if _, _, err := jwt.NewParser().ParseUnverified(c.Assertion, &unverified); err != nil || unverified.Issuer == "" {
		return "", errClient
	}
	id := unverified.Issuer
	if c.ClientID != "" && c.ClientID != id {
		return "", errClient
	}
	keys, err := s.activeKeys(ctx, id)
	if err != nil || len(keys.Keys) == 0 {
		return "", errClient
	}
	auds := []string{AssertionAudience}
	if s.tokenURL != "" {
		auds = append(auds, s.tokenURL)
	}
	p := jwt.NewParser(jwt.WithValidMethods([]string{"ES256", "RS256"}), jwt.WithIssuer(id), jwt.WithSubject(id),
		jwt.WithAudience(auds...), jwt.WithExpirationRequired(), jwt.WithTimeFunc(s.now), jwt.WithLeeway(30*time.Second))
	var claims jwt.RegisteredClaims
	if _, err := p.ParseWithClaims(c.Assertion, &claims, func(*jwt.Token) (any, error) { return keys, nil }); err != nil {
		return "", errClient
	}
	exp := claims.ExpiresAt.Time
	if claims.ID == "" || exp.Sub(s.now()) > maxAssertionLife {
		return "", errClient
	}
	if err := s.store.UseAssertionID(ctx, id, claims.ID, exp); err != nil {
		if apperr.Is(err, apperr.Conflict) {
			return "", errClient // a replayed assertion
		}
		return "", err
	}
	return id, nil
}

func (s *Service) activeKeys(ctx context.Context, agencyID string) (jwt.VerificationKeySet, error) {
	var set jwt.VerificationKeySet
	keys, err := s.store.AgencyKeys(ctx, agencyID)
	if err != nil {
		return set, err
	}
	for _, k := range keys {
		if k.RetiredAt != nil {
			continue
		}
		pub, err := ParsePublicKey(k.PEM)
		if err != nil {
			continue // checked when added; a damaged row only loses that key
		}
		set.Keys = append(set.Keys, pub)
	}
	return set, nil
}

// ParsePublicKey reads a PEM "PUBLIC KEY" (PKIX) holding a P-256 ECDSA or
// an RSA (≥ 2048 bits) key.
func ParsePublicKey(pemText string) (jwt.VerificationKey, error) {
	blk, _ := pem.Decode([]byte(pemText))
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM PUBLIC KEY block")
	}
	pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, fmt.Errorf("parse public key: %w", err)
	}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve.Params().Name != "P-256" {
			return nil, errors.New("ECDSA keys must be P-256 (ES256)")
		}
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, errors.New("RSA keys must have at least 2048 bits")
		}
	default:
		return nil, fmt.Errorf("unsupported key type %T", pub)
	}
	return pub, nil
}
