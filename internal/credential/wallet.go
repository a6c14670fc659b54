package credential

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential/jose"
)

// The wallet route (OpenID4VCI's credential endpoint, in spirit): the
// citizen's wallet proves it holds a key with a JWT over a fresh server
// nonce, and the căn cước điện tử is issued with cnf = that key.
const (
	// ProofType is the typ of a wallet's key proof (OpenID4VCI §F.1).
	ProofType = "openid4vci-proof+jwt"
	// NonceTTL is how long a nonce from the nonce endpoint stays usable.
	NonceTTL = 5 * time.Minute
	// proofAge bounds how old a proof's iat may be, and proofSkew how far
	// in the future (clock drift on a phone).
	proofAge, proofSkew = 2 * time.Minute, 30 * time.Second
	maxProof            = 8 << 10
)

// Errors of a wallet request, which the API answers with OpenID4VCI's
// codes: invalid_proof and invalid_nonce (§8.3.1.2).
var (
	ErrInvalidProof = errors.New("invalid_proof")
	ErrInvalidNonce = errors.New("invalid_nonce")
)

func proofError(format string, args ...any) error {
	return &apperr.Error{Code: apperr.Invalid, Message: "key proof refused: " + fmt.Sprintf(format, args...), Err: ErrInvalidProof}
}

// WalletNonce issues a fresh, single-use nonce for a key proof.
func (s *Service) WalletNonce() (string, time.Duration) {
	return s.nonces.issue(s.cfg.Now()), NonceTTL
}

// IssueToWallet issues the citizen's credential bound to the key the
// wallet proves it holds. The proof is a compact JWS: typ ProofType,
// alg ES256, the wallet's public key as jwk in the header; aud the issuer,
// iat recent, nonce one WalletNonce gave and not used before. Re-issue
// and the status list follow Issue's rules.
func (s *Service) IssueToWallet(ctx context.Context, a Actor, citizenID, proof string) (Credential, error) {
	key, err := s.checkProof(proof)
	if err != nil {
		return Credential{}, err
	}
	return s.Issue(ctx, a, citizenID, &key)
}

// proofClaims are the key proof's claims.
type proofClaims struct {
	Aud   audience `json:"aud"`
	IAT   int64    `json:"iat"`
	Nonce string   `json:"nonce"`
}

// proofHeader is the key proof's header, read raw: the jwk member must be
// public (no "d").
type proofHeader struct {
	Typ string          `json:"typ"`
	Alg string          `json:"alg"`
	JWK json.RawMessage `json:"jwk"`
}

func (s *Service) checkProof(proof string) (jose.JWK, error) {
	if proof == "" || len(proof) > maxProof {
		return jose.JWK{}, proofError("a JWT of at most %d bytes is required", maxProof)
	}
	p, err := jose.Parse(proof)
	if err != nil {
		return jose.JWK{}, proofError("not a compact JWS: %v", err)
	}
	var h proofHeader
	hb, _ := jose.B64.DecodeString(strings.SplitN(proof, ".", 2)[0]) // Parse decoded it already
	if err := json.Unmarshal(hb, &h); err != nil {
		return jose.JWK{}, proofError("header: %v", err)
	}
	if h.Typ != ProofType {
		return jose.JWK{}, proofError("typ %q, want %q", h.Typ, ProofType)
	}
	if h.Alg != "ES256" {
		return jose.JWK{}, proofError("alg %q, want ES256", h.Alg)
	}
	key, err := publicJWK(h.JWK)
	if err != nil {
		return jose.JWK{}, err
	}
	pub, _ := key.Key() // checked by publicJWK
	if err := p.Verify(pub); err != nil {
		return jose.JWK{}, proofError("the signature does not verify with the header's jwk")
	}
	var c proofClaims
	if err := json.Unmarshal(p.Payload, &c); err != nil {
		return jose.JWK{}, proofError("claims: %v", err)
	}
	if !c.Aud.has(s.cfg.Issuer) {
		return jose.JWK{}, proofError("aud %v, want the credential issuer %q", []string(c.Aud), s.cfg.Issuer)
	}
	now := s.cfg.Now()
	if iat := time.Unix(c.IAT, 0); c.IAT == 0 || iat.Before(now.Add(-proofAge)) || iat.After(now.Add(proofSkew)) {
		return jose.JWK{}, proofError("iat %d is not within %s of the server's time", c.IAT, proofAge)
	}
	if !s.nonces.take(c.Nonce, now) {
		return jose.JWK{}, &apperr.Error{Code: apperr.Invalid, Err: ErrInvalidNonce,
			Message: "key proof refused: the nonce is missing, expired or already used; get a new one from the nonce endpoint"}
	}
	return key, nil
}

// publicJWK reads the proof's jwk: a public P-256 key.
func publicJWK(raw json.RawMessage) (jose.JWK, error) {
	if len(raw) == 0 {
		return jose.JWK{}, proofError("the header has no jwk")
	}
	var members map[string]any
	if err := json.Unmarshal(raw, &members); err != nil {
		return jose.JWK{}, proofError("jwk: %v", err)
	}
	if _, private := members["d"]; private {
		return jose.JWK{}, proofError("the jwk holds a private key; send the public key only")
	}
	var k jose.JWK
	if err := json.Unmarshal(raw, &k); err != nil {
		return jose.JWK{}, proofError("jwk: %v", err)
	}
	if _, err := k.Key(); err != nil {
		return jose.JWK{}, proofError("jwk: %v", err)
	}
	return jose.JWK{Kty: k.Kty, Crv: k.Crv, X: k.X, Y: k.Y}, nil
}

// audience is aud: one string or an array of them (RFC 7519 §4.1.3).
type audience []string

func (a *audience) UnmarshalJSON(b []byte) error {
	var one string
	if json.Unmarshal(b, &one) == nil {
		*a = audience{one}
		return nil
	}
	var many []string
	if err := json.Unmarshal(b, &many); err != nil {
		return errors.New("aud is neither a string nor an array of strings")
	}
	*a = many
	return nil
}

func (a audience) has(want string) bool {
	for _, v := range a {
		if v == want {
			return true
		}
	}
	return false
}
