package share

import (
	"context"
	"crypto/subtle"

	"dancu/internal/apperr"
)

// Principal is an authenticated agency call.
type Principal struct {
	Agency    Agency
	TokenHash string
}

var errBadToken = apperr.New(apperr.Unauthenticated, "the access token is invalid, expired or revoked; request a new one at /api/v1/oauth/token")

// Authenticate resolves an access token for a route of audience. cert is
// the thumbprint of the TLS client certificate ("" without one); a token
// bound to a certificate is refused without that same certificate.
func (s *Service) Authenticate(ctx context.Context, token, audience, cert string) (Principal, error) {
	if len(token) < 20 || len(token) > 200 {
		return Principal{}, errBadToken
	}
	now := s.now()
	hash := HashToken(token)
	c, ok := s.cached(hash, now)
	if !ok {
		tok, err := s.store.Token(ctx, hash)
		if apperr.Is(err, apperr.NotFound) {
			return Principal{}, errBadToken
		}
		if err != nil {
			return Principal{}, err
		}
		a, err := s.store.Agency(ctx, tok.AgencyID)
		if err != nil {
			return Principal{}, err
		}
		c = cachedToken{tok: tok, agency: a, until: now.Add(s.cacheTTL)}
		s.remember(c)
	}
	switch {
	case !now.Before(c.tok.ExpiresAt):
		return Principal{}, errBadToken
	case c.tok.Audience != audience:
		return Principal{}, apperr.New(apperr.Unauthenticated, "the access token was issued for another audience; request one with audience=%s", audience)
	case c.tok.CertThumbprint != "" && subtle.ConstantTimeCompare([]byte(c.tok.CertThumbprint), []byte(cert)) != 1:
		return Principal{}, apperr.New(apperr.Unauthenticated, "the access token is bound to a client certificate that this connection did not present")
	case c.agency.Status != Active:
		return Principal{}, apperr.New(apperr.Forbidden, "the agency is suspended")
	}
	return Principal{Agency: c.agency, TokenHash: hash}, nil
}

// Revoke ends a token at once (RFC 7009: unknown tokens are not an error).
func (s *Service) Revoke(ctx context.Context, token string) error {
	hash := HashToken(token)
	s.forget(func(c cachedToken) bool { return c.tok.Hash == hash })
	return s.store.RevokeToken(ctx, hash)
}

// Suspend stops an agency; its tokens stop working at once in this
// process and within the cache TTL in others.
func (s *Service) Suspend(ctx context.Context, id string) error {
	return s.setStatus(ctx, id, Suspended)
}

// Reinstate lets a suspended agency call again.
func (s *Service) Reinstate(ctx context.Context, id string) error {
	return s.setStatus(ctx, id, Active)
}

func (s *Service) setStatus(ctx context.Context, id string, st AgencyStatus) error {
	if err := s.store.SetAgencyStatus(ctx, id, st); err != nil {
		return err
	}
	s.forget(func(c cachedToken) bool { return c.agency.ID == id })
	return nil
}

// SetStatus suspends or reinstates an agency.
func (s *Service) SetStatus(ctx context.Context, id string, st AgencyStatus) error {
	return s.setStatus(ctx, id, st)
}
