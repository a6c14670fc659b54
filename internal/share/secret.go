package share

import (
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
)

// NewSecret returns 32 random bytes as base64url: client secrets, access
// tokens and webhook secrets.
func NewSecret() string {
	b := make([]byte, 32)
	rand.Read(b) // never fails (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}

// HashToken is how access tokens are stored and looked up: SHA-256 is
// enough for 256-bit random values, and fast on every request.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// Thumbprint is the RFC 8705 x5t#S256 of a certificate: base64url SHA-256
// of its DER encoding.
func Thumbprint(cert *x509.Certificate) string {
	h := sha256.Sum256(cert.Raw)
	return base64.RawURLEncoding.EncodeToString(h[:])
}
