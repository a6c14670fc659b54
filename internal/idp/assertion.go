package idp

import (
	"context"
	"slices"
	"time"

	jose "github.com/go-jose/go-jose/v4"
	"github.com/go-jose/go-jose/v4/jwt"
)

// AssertionType is RFC 7523's client assertion type.
const AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// maxAssertionLife bounds exp - now of a client assertion, so the replay
// cache stays small and a leaked assertion is short-lived.
const maxAssertionLife = 10 * time.Minute

// assertionAlgs are the signature algorithms accepted from clients.
var assertionAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.PS256, jose.RS256}

// AuthenticateAssertion checks a private_key_jwt client assertion (RFC 7523,
// OIDC Core §9): iss = sub = client_id, aud one of audiences (the issuer or
// the endpoint), exp near, a jti never seen, signed by one of the client's
// keys. clientID, when the request also names one, must agree.
func (s *Service) AuthenticateAssertion(ctx context.Context, clientID, assertion string, audiences []string) (Client, error) {
	bad := refuse(ErrInvalidClient, "client authentication failed")
	if len(assertion) > 8<<10 {
		return Client{}, bad
	}
	tok, err := jwt.ParseSigned(assertion, assertionAlgs)
	if err != nil {
		return Client{}, bad
	}
	var unverified jwt.Claims
	if err := tok.UnsafeClaimsWithoutVerification(&unverified); err != nil || unverified.Issuer == "" {
		return Client{}, bad
	}
	if clientID != "" && clientID != unverified.Issuer {
		return Client{}, bad
	}
	c, _, err := s.storedClient(ctx, unverified.Issuer)
	if err != nil || c.AuthMethod != AuthPrivateKeyJWT || !c.Active() {
		return Client{}, bad
	}
	claims, ok := verifyWithAny(tok, c.Keys)
	if !ok {
		return Client{}, bad
	}
	now := s.cfg.Now()
	if claims.Issuer != c.ID || claims.Subject != c.ID || claims.ID == "" || claims.Expiry == nil ||
		claims.Expiry.Time().Sub(now) > maxAssertionLife ||
		!slices.ContainsFunc(audiences, claims.Audience.Contains) ||
		claims.ValidateWithLeeway(jwt.Expected{Time: now}, 30*time.Second) != nil {
		return Client{}, bad
	}
	if !s.jtis.use("client:"+c.ID+":"+claims.ID, claims.Expiry.Time().Add(30*time.Second), now) {
		return Client{}, refuse(ErrInvalidClient, "client assertion replayed")
	}
	return c, nil
}

func verifyWithAny(tok *jwt.JSONWebToken, keys []ClientKey) (jwt.Claims, bool) {
	var claims jwt.Claims
	for _, k := range keys {
		if len(tok.Headers) == 1 && tok.Headers[0].KeyID != "" && tok.Headers[0].KeyID != k.KID {
			continue
		}
		pub, err := ParsePublicKey(k.PEM)
		if err != nil {
			continue // checked when added; a damaged row only loses that key
		}
		if tok.Claims(pub, &claims) == nil {
			return claims, true
		}
	}
	return claims, false
}
