package share

import (
	"context"
	"crypto/subtle"
	"net"
	"time"

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
	Audience      string // AudienceVerify (default), AudienceNotify or AudienceCivilStatus
	// CertThumbprint is the connection's client certificate ("" if none).
	CertThumbprint string
	// SourceAddr is the caller's network address, charged for each
	// attempt ("" charges only the client id).
	SourceAddr string
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

// IssueToken authenticates a client and issues an access token. Each
// attempt is charged to the client id and the source address first (see
// TokenFailuresPerClient); a refused one is an apperr.RateLimited error
// whose cause says how long to wait (auth.RetryAfterError).
func (s *Service) IssueToken(ctx context.Context, c ClientAuth) (IssuedToken, error) {
	if c.Audience == "" {
		c.Audience = AudienceVerify
	}
	if c.Audience != AudienceVerify && c.Audience != AudienceNotify && c.Audience != AudienceCivilStatus {
		return IssuedToken{}, apperr.WithFields("unknown audience", apperr.FieldError{Field: "audience", Reason: "dancu-verify, dancu-notify or dancu-civil-status"})
	}
	now := s.now()
	if err := s.chargeAttempt(c, now); err != nil {
		s.watch.Refused(auth.ChannelClient)
		return IssuedToken{}, err
	}
	tok, err := s.issueToken(ctx, c)
	switch {
	case err == nil:
		s.refundAttempt(c, now)
	case apperr.Is(err, apperr.Unauthenticated):
		s.watch.LoginFailed(auth.ChannelClient)
	}
	return tok, err
}

// chargeAttempt charges one attempt to the source address, then to the
// client id.
func (s *Service) chargeAttempt(c ClientAuth, now time.Time) error {
	if c.SourceAddr != "" {
		if ok, wait := s.addrAttempts.take(addrKey(c.SourceAddr), now); !ok {
			return errTooManyAttempts(wait)
		}
	}
	if c.ClientID != "" {
		if ok, wait := s.clientAttempts.take(clientKey(c.ClientID), now); !ok {
			return errTooManyAttempts(wait)
		}
	}
	return nil
}

func (s *Service) refundAttempt(c ClientAuth, now time.Time) {
	if c.SourceAddr != "" {
		s.addrAttempts.refund(addrKey(c.SourceAddr), now)
	}
	if c.ClientID != "" {
		s.clientAttempts.refund(clientKey(c.ClientID), now)
	}
}

// addrKey is the limiter's key of a source address: an IPv6 address
// counts by its /64, the block one subscriber usually holds whole, so
// that rotating through it does not multiply the attempts.
func addrKey(addr string) string {
	ip := net.ParseIP(addr)
	if ip == nil || ip.To4() != nil {
		return addr
	}
	return ip.Mask(net.CIDRMask(64, 128)).String() + "/64"
}

// clientKey is the limiter's key of a client id. Ids that cannot be an
// agency's share one key, so invented ids of any length cannot grow the
// limiter; an id that could exist is charged whether it does or not.
func clientKey(id string) string {
	if !agencyIDPattern.MatchString(id) {
		return "\x00malformed"
	}
	return id
}

func errTooManyAttempts(wait time.Duration) error {
	return &apperr.Error{Code: apperr.RateLimited, Message: "too many token requests; retry after the Retry-After seconds",
		Err: &auth.RetryAfterError{Wait: wait}}
}

func (s *Service) issueToken(ctx context.Context, c ClientAuth) (IssuedToken, error) {
	if c.Assertion != "" {
		id, err := s.verifyAssertion(ctx, c)
		if err != nil {
			return IssuedToken{}, err
		}
		c.ClientID = id
	}
	a, err := s.store.Agency(ctx, c.ClientID)
	if apperr.Is(err, apperr.NotFound) {
		if c.Assertion == "" && c.ClientSecret != "" {
			// The same hash as for a known client, so neither the time
			// nor the memory of the answer tells whether the id exists.
			s.hasher.Verify(ctx, c.ClientSecret, s.dummy)
		}
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
		s.hasher.Verify(ctx, c.ClientSecret, s.dummy) // as for a client with a secret
		return errClient
	}
	ok, err := s.hasher.Verify(ctx, c.ClientSecret, hash)
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
	return s.hasher.Hash(context.Background(), secret, s.params)
}
