package sdjwt

import (
	"crypto"
	"crypto/sha256"
	"strings"
	"time"

	"dancu/internal/credential/jose"
)

// KBTyp is the media type of a key binding JWT.
const KBTyp = "kb+jwt"

// Present keeps the disclosures whose names keep accepts. The result ends
// with "~", ready for a KB-JWT or to travel without one.
func Present(i Issued, keep func(name string) bool) string {
	var b strings.Builder
	b.WriteString(i.JWT)
	b.WriteByte('~')
	for _, d := range i.Disclosures {
		if keep(d.Name) {
			b.WriteString(d.Encoded)
			b.WriteByte('~')
		}
	}
	return b.String()
}

// SDHash is the KB-JWT's sd_hash over a presentation ending in "~".
func SDHash(presentation string) string {
	sum := sha256.Sum256([]byte(presentation))
	return jose.B64.EncodeToString(sum[:])
}

// KeyBinding is what a holder proves with a KB-JWT: this presentation, to
// this audience, for this nonce, now.
type KeyBinding struct {
	Audience string
	Nonce    string
	Time     time.Time
}

// Bind appends a KB-JWT signed by the holder's key (the one in cnf).
func Bind(presentation string, holder crypto.Signer, kb KeyBinding) (string, error) {
	payload := map[string]any{
		"iat":     kb.Time.Unix(),
		"aud":     kb.Audience,
		"nonce":   kb.Nonce,
		"sd_hash": SDHash(presentation),
	}
	jwt, err := jose.Sign(holder, jose.Header{Typ: KBTyp}, payload)
	if err != nil {
		return "", err
	}
	return presentation + jwt, nil
}
