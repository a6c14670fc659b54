package sdjwt

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"dancu/internal/credential/jose"
)

// Disclosure is one selectively disclosable claim: [salt, name, value].
type Disclosure struct {
	Salt    string
	Name    string
	Value   any
	Encoded string // base64url of the JSON array, as it travels
}

// saltBytes: RFC 9901 §9.3 recommends 128 bits of salt.
const saltBytes = 16

// NewDisclosure salts and encodes one claim.
func NewDisclosure(name string, value any) (Disclosure, error) {
	var salt [saltBytes]byte
	if _, err := rand.Read(salt[:]); err != nil {
		return Disclosure{}, fmt.Errorf("sdjwt: salt: %w", err)
	}
	d := Disclosure{Salt: jose.B64.EncodeToString(salt[:]), Name: name, Value: value}
	b, err := json.Marshal([]any{d.Salt, d.Name, d.Value})
	if err != nil {
		return Disclosure{}, fmt.Errorf("sdjwt: disclosure %s: %w", name, err)
	}
	d.Encoded = jose.B64.EncodeToString(b)
	return d, nil
}

// Digest is the digest the issuer signs for an encoded disclosure.
func Digest(encoded string) string {
	sum := sha256.Sum256([]byte(encoded))
	return jose.B64.EncodeToString(sum[:])
}

// ParseDisclosure decodes an encoded object-property disclosure.
func ParseDisclosure(encoded string) (Disclosure, error) {
	b, err := jose.B64.DecodeString(encoded)
	if err != nil {
		return Disclosure{}, fmt.Errorf("%w: disclosure is not base64url", ErrMalformed)
	}
	var parts []json.RawMessage
	if err := json.Unmarshal(b, &parts); err != nil || len(parts) != 3 {
		return Disclosure{}, fmt.Errorf("%w: disclosure is not a [salt, name, value] array", ErrMalformed)
	}
	d := Disclosure{Encoded: encoded}
	err1 := json.Unmarshal(parts[0], &d.Salt)
	err2 := json.Unmarshal(parts[1], &d.Name)
	err3 := json.Unmarshal(parts[2], &d.Value)
	if err := errors.Join(err1, err2, err3); err != nil || d.Name == "" {
		return Disclosure{}, fmt.Errorf("%w: disclosure salt or name is not a string", ErrMalformed)
	}
	if d.Name == "_sd" || d.Name == "..." {
		return Disclosure{}, fmt.Errorf("%w: disclosure may not name %q", ErrMalformed, d.Name)
	}
	return d, nil
}
