package jose

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
)

// JWK is a public P-256 key (RFC 7517, RFC 7518 §6.2), with the optional
// members the issuer metadata publishes.
type JWK struct {
	Kty string   `json:"kty"`
	Crv string   `json:"crv"`
	X   string   `json:"x"`
	Y   string   `json:"y"`
	Kid string   `json:"kid,omitempty"`
	Use string   `json:"use,omitempty"`
	Alg string   `json:"alg,omitempty"`
	X5C []string `json:"x5c,omitempty"`
}

// PublicJWK encodes pub.
func PublicJWK(pub *ecdsa.PublicKey) (JWK, error) {
	if pub == nil || pub.Curve != elliptic.P256() {
		return JWK{}, errors.New("jose: only P-256 keys are supported")
	}
	point, err := pub.Bytes() // 0x04 ‖ X ‖ Y
	if err != nil {
		return JWK{}, fmt.Errorf("jose: public key: %w", err)
	}
	return JWK{Kty: "EC", Crv: "P-256", X: B64.EncodeToString(point[1:33]), Y: B64.EncodeToString(point[33:])}, nil
}

// Key decodes the public key, checking it lies on the curve.
func (k JWK) Key() (*ecdsa.PublicKey, error) {
	if k.Kty != "EC" || k.Crv != "P-256" {
		return nil, fmt.Errorf("jose: JWK %s/%s, want EC/P-256", k.Kty, k.Crv)
	}
	x, err1 := B64.DecodeString(k.X)
	y, err2 := B64.DecodeString(k.Y)
	if err := errors.Join(err1, err2); err != nil || len(x) != 32 || len(y) != 32 {
		return nil, errors.New("jose: JWK coordinates are not 32-byte base64url")
	}
	point := append(append([]byte{4}, x...), y...)
	pub, err := ecdsa.ParseUncompressedPublicKey(elliptic.P256(), point)
	if err != nil {
		return nil, fmt.Errorf("jose: JWK is not a P-256 point: %w", err)
	}
	return pub, nil
}

// Thumbprint is the RFC 7638 SHA-256 thumbprint, base64url: the key id.
func (k JWK) Thumbprint() string {
	// Members in lexicographic order, no whitespace (RFC 7638 §3.2).
	b, _ := json.Marshal(struct {
		Crv string `json:"crv"`
		Kty string `json:"kty"`
		X   string `json:"x"`
		Y   string `json:"y"`
	}{k.Crv, k.Kty, k.X, k.Y})
	sum := sha256.Sum256(b)
	return B64.EncodeToString(sum[:])
}

// JWKS is a JWK Set.
type JWKS struct {
	Keys []JWK `json:"keys"`
}

// Find returns the key with id kid.
func (s JWKS) Find(kid string) (*ecdsa.PublicKey, error) {
	for _, k := range s.Keys {
		if k.Kid == kid {
			return k.Key()
		}
	}
	return nil, fmt.Errorf("jose: no key %q in the issuer's key set", kid)
}
