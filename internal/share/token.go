package share

import (
	"context"
	"crypto/subtle"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// AssertionType is the only client assertion type accepted (RFC 7523).
const AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"

// ClientAuth is what a token request authenticates with: a client secret,
// a signed client assertion (private_key_jwt), or, with neither, the TLS
// client certificate (tls_client_auth, RFC 8705).
type ClientAuth struct {
	ClientID      string
	ClientSecret  string
	Assertion     string
	AssertionType string
	Audience      string // AudienceVerify (default) or AudienceNotify
	// CertThumbprint is the connection's client certificate ("" if none).
	CertThumbprint string
}

// IssuedToken is a fresh access token; Value is shown to the client once.
type IssuedToken struct {
	Value    string
	Audience string
	Token    AccessToken
}

// errClient is the one answer to every failed client authentication
// (RFC 6749 invalid_client), so it does not tell which part was wrong.
var errClient = apperr.New(apperr.Unauthenticated, "client authentication failed")

// IssueToken authenticates a client and issues an access token.
func (s *Service) IssueToken(ctx context.Context, c ClientAuth) (IssuedToken, error) {
	if c.Audience == "" {
		c.Audience = AudienceVerify
	}
	if c.Audience != AudienceVerify && c.Audience != AudienceNotify {
		return IssuedToken{}, apperr.WithFields("unknown audience", apperr.FieldError{Field: "audience", Reason: "dancu-verify or dancu-notify"})
	}
	if c.Assertion != "" {
		id, err := s.verifyAssertion(ctx, c)
		if err != nil {
			return IssuedToken{}, err
		}
		c.ClientID = id
	}
	a, err := s.store.Agency(ctx, c.ClientID)
	if apperr.Is(err, apperr.NotFound) {
		return IssuedToken{}, errClient
	}
	if err != nil {
		return IssuedToken{}, err
	}
	if c.Assertion == "" {
		if err := s.checkSecretOrCert(ctx, a, c); err != nil {
			return IssuedToken{}, err
		}
	}
	if a.Status != Active {
		return IssuedToken{}, apperr.New(apperr.Forbidden, "the agency is suspended")
	}
	// A registered certificate binds the agency to it whatever the
	// authentication method: a stolen secret alone is not enough.
	if a.CertThumbprint != "" && subtle.ConstantTimeCompare([]byte(a.CertThumbprint), []byte(c.CertThumbprint)) != 1 {
		return IssuedToken{}, errClient
	}
	now := s.now()
	value := NewSecret()
	t := AccessToken{Hash: HashToken(value), AgencyID: a.ID, Audience: c.Audience, IssuedAt: now,
		ExpiresAt: now.Add(s.ttl), CertThumbprint: c.CertThumbprint}
	if err := s.store.SaveToken(ctx, t); err != nil {
		return IssuedToken{}, err
	}
	return IssuedToken{Value: value, Audience: c.Audience, Token: t}, nil
}

func (s *Service) checkSecretOrCert(ctx context.Context, a Agency, c ClientAuth) error {
	if c.ClientSecret == "" {
		if a.CertThumbprint != "" && c.CertThumbprint != "" {
			return nil // tls_client_auth: compared by the caller
		}
		return errClient
	}
	hash, err := s.store.AgencySecretHash(ctx, a.ID)
	if err != nil {
		return err
	}
	if hash == "" {
		return errClient
	}
	ok, err := auth.VerifyPassword(c.ClientSecret, hash)
	if err != nil {
		return apperr.Wrap(err, "check client secret")
	}
	if !ok {
		return errClient
	}
	return nil
}

// HashSecret hashes a client secret for storage (argon2id).
func (s *Service) HashSecret(secret string) (string, error) {
	return auth.HashPassword(secret, s.params)
}
