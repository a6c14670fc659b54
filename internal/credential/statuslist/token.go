package statuslist

import (
	"crypto"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"dancu/internal/credential/jose"
)

// TokenTyp is the media type of a Status List Token in JWT form.
const TokenTyp = "statuslist+jwt"

// Ref is what a credential's "status" claim holds.
type Ref struct {
	StatusList struct {
		Idx int    `json:"idx"`
		URI string `json:"uri"`
	} `json:"status_list"`
}

// NewRef points at entry idx of the list published at uri.
func NewRef(uri string, idx int) Ref {
	var r Ref
	r.StatusList.Idx, r.StatusList.URI = idx, uri
	return r
}

// Claims are a Status List Token's payload.
type Claims struct {
	Sub        string  `json:"sub"` // the list's URI, as credentials cite it
	Iat        int64   `json:"iat"`
	Exp        int64   `json:"exp,omitempty"`
	TTL        int64   `json:"ttl,omitempty"` // seconds a verifier may cache it
	StatusList Encoded `json:"status_list"`
}

// Sign publishes the list at uri as a JWT valid for ttl.
func Sign(key crypto.Signer, kid string, uri string, l *List, now time.Time, ttl time.Duration) (string, error) {
	enc, err := l.Encode()
	if err != nil {
		return "", err
	}
	c := Claims{Sub: uri, Iat: now.Unix(), Exp: now.Add(24 * time.Hour).Unix(), TTL: int64(ttl.Seconds()), StatusList: enc}
	return jose.Sign(key, jose.Header{Typ: TokenTyp, Kid: kid}, c)
}

// Parse verifies a Status List Token for uri under the key keyFor picks,
// at now, and returns its list.
func Parse(token, uri string, keyFor func(jose.Header) (*ecdsa.PublicKey, error), now time.Time) (*List, error) {
	p, err := jose.Parse(token)
	if err != nil {
		return nil, err
	}
	if p.Header.Typ != TokenTyp {
		return nil, fmt.Errorf("statuslist: typ %q, want %s", p.Header.Typ, TokenTyp)
	}
	key, err := keyFor(p.Header)
	if err != nil {
		return nil, err
	}
	if err := p.Verify(key); err != nil {
		return nil, fmt.Errorf("statuslist: %w", err)
	}
	var c Claims
	if err := json.Unmarshal(p.Payload, &c); err != nil {
		return nil, fmt.Errorf("statuslist: payload: %w", err)
	}
	if c.Sub != uri {
		return nil, fmt.Errorf("statuslist: token is for %q, not %q", c.Sub, uri)
	}
	if c.Exp != 0 && !now.Before(time.Unix(c.Exp, 0)) {
		return nil, errors.New("statuslist: the status list token has expired")
	}
	return Decode(c.StatusList)
}
