// Package jose is the small part of JOSE the căn cước điện tử needs:
// compact JWS signed with ES256 (RFC 7515, RFC 7518 §3.4) and P-256 keys
// as JWK (RFC 7517). It is written on the standard library alone: the
// credential must verify with libraries we did not write (the npm
// @sd-jwt packages check it in the tests), and ES256 over P-256 is all
// the national PKI issues.
package jose

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// B64 is base64url without padding, the encoding of every JOSE part.
var B64 = base64.RawURLEncoding

// MaxCompact bounds a compact JWS before it is split or decoded.
const MaxCompact = 256 << 10

// Errors a verifier tells apart.
var (
	ErrMalformed = errors.New("jose: malformed token")
	ErrSignature = errors.New("jose: signature does not verify")
)

// Header is the protected header fields dancu writes and reads.
type Header struct {
	Alg string   `json:"alg"`
	Typ string   `json:"typ,omitempty"`
	Kid string   `json:"kid,omitempty"`
	X5C []string `json:"x5c,omitempty"`
}

// Sign returns the compact JWS of payload (any JSON value) under key,
// which must be a P-256 ECDSA key.
func Sign(key crypto.Signer, h Header, payload any) (string, error) {
	h.Alg = "ES256"
	hb, err := json.Marshal(h)
	if err != nil {
		return "", fmt.Errorf("jose: header: %w", err)
	}
	pb, err := json.Marshal(payload)
	if err != nil {
		return "", fmt.Errorf("jose: payload: %w", err)
	}
	input := B64.EncodeToString(hb) + "." + B64.EncodeToString(pb)
	sig, err := signES256(key, []byte(input))
	if err != nil {
		return "", err
	}
	return input + "." + B64.EncodeToString(sig), nil
}

// signES256 signs with ECDSA P-256 and returns r‖s, 32 bytes each (the
// JWS form, not the ASN.1 one crypto.Signer gives).
func signES256(key crypto.Signer, input []byte) ([]byte, error) {
	pub, ok := key.Public().(*ecdsa.PublicKey)
	if !ok || pub.Curve != elliptic.P256() {
		return nil, errors.New("jose: ES256 needs a P-256 ECDSA key")
	}
	digest := sha256.Sum256(input)
	der, err := key.Sign(rand.Reader, digest[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("jose: sign: %w", err)
	}
	var r, s big.Int
	in := cryptobyte.String(der)
	var seq cryptobyte.String
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1Integer(&r) || !seq.ReadASN1Integer(&s) {
		return nil, errors.New("jose: signer returned a malformed ECDSA signature")
	}
	out := make([]byte, 64)
	r.FillBytes(out[:32])
	s.FillBytes(out[32:])
	return out, nil
}

// Parsed is a compact JWS split and decoded, not yet verified.
type Parsed struct {
	Header  Header
	Payload []byte // JSON
	input   []byte
	sig     []byte
}

// Parse splits and decodes a compact JWS.
func Parse(compact string) (*Parsed, error) {
	if len(compact) > MaxCompact {
		return nil, fmt.Errorf("%w: %d bytes, at most %d", ErrMalformed, len(compact), MaxCompact)
	}
	parts := strings.Split(compact, ".")
	if len(parts) != 3 {
		return nil, fmt.Errorf("%w: %d parts, want 3", ErrMalformed, len(parts))
	}
	hb, err1 := B64.DecodeString(parts[0])
	pb, err2 := B64.DecodeString(parts[1])
	sig, err3 := B64.DecodeString(parts[2])
	if err := errors.Join(err1, err2, err3); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	p := &Parsed{Payload: pb, input: []byte(parts[0] + "." + parts[1]), sig: sig}
	if err := strictJSON(hb, &p.Header); err != nil {
		return nil, fmt.Errorf("%w: header: %v", ErrMalformed, err)
	}
	if !json.Valid(pb) {
		return nil, fmt.Errorf("%w: payload is not JSON", ErrMalformed)
	}
	return p, nil
}

// Verify checks the ES256 signature under pub.
func (p *Parsed) Verify(pub *ecdsa.PublicKey) error {
	if p.Header.Alg != "ES256" {
		return fmt.Errorf("%w: alg %q, want ES256", ErrSignature, p.Header.Alg)
	}
	if pub == nil || pub.Curve != elliptic.P256() || len(p.sig) != 64 {
		return ErrSignature
	}
	digest := sha256.Sum256(p.input)
	r := new(big.Int).SetBytes(p.sig[:32])
	s := new(big.Int).SetBytes(p.sig[32:])
	if !ecdsa.Verify(pub, digest[:], r, s) {
		return ErrSignature
	}
	return nil
}

// strictJSON decodes one JSON object, refusing trailing data.
func strictJSON(b []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return errors.New("trailing data")
	}
	return nil
}
