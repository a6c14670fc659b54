package idp

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/subtle"
	"crypto/x509"
	"encoding/pem"
	"errors"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// CreateClient registers a relying party. A client_secret_basic client gets
// a random 256-bit secret, returned once and stored as its SHA-256 (a fast
// hash suffices for a high-entropy secret; passwords keep argon2id).
func (s *Service) CreateClient(ctx context.Context, c Client) (Client, string, error) {
	c.Status = ClientActive
	c.CreatedAt = s.cfg.Now().UTC()
	c.Keys = nil
	if err := c.Validate(); err != nil {
		return c, "", err
	}
	var secret, hash string
	if c.AuthMethod == AuthSecretBasic {
		secret = share.NewSecret()
		hash = share.HashToken(secret)
	}
	if err := s.cfg.Store.CreateClient(ctx, c, hash); err != nil {
		return c, "", err
	}
	return c, secret, nil
}

// Clients lists the relying parties.
func (s *Service) Clients(ctx context.Context) ([]Client, error) { return s.cfg.Store.Clients(ctx) }

// Client reads one relying party, active or not.
func (s *Service) Client(ctx context.Context, id string) (Client, error) {
	if len(id) > 64 {
		return Client{}, apperr.New(apperr.NotFound, "no such relying party")
	}
	c, _, err := s.storedClient(ctx, id)
	return c, err
}

// RevokeClient stops a relying party: its requests and tokens are refused
// from now on (tokens are checked against the client on every use).
func (s *Service) RevokeClient(ctx context.Context, id string) error {
	if _, err := s.Client(ctx, id); err != nil {
		return err
	}
	defer s.forgetClient(id)
	return s.cfg.Store.SetClientStatus(ctx, id, ClientRevoked)
}

// maxKeys bounds a client's registered keys.
const maxKeys = 10

// AddClientKey registers a public key (PEM PKIX: P-256 or RSA ≥ 2048) of a
// private_key_jwt client under kid.
func (s *Service) AddClientKey(ctx context.Context, clientID, kid, pemText string) error {
	c, err := s.Client(ctx, clientID)
	if err != nil {
		return err
	}
	if c.AuthMethod != AuthPrivateKeyJWT {
		return apperr.New(apperr.Invalid, "relying party %s authenticates with a secret, not keys", clientID)
	}
	if len(c.Keys) >= maxKeys {
		return apperr.New(apperr.Invalid, "a relying party holds at most %d keys", maxKeys)
	}
	if _, err := ParsePublicKey(pemText); err != nil {
		return apperr.WithFields("invalid key", apperr.FieldError{Field: "pem", Reason: err.Error()})
	}
	kid = strings.TrimSpace(kid)
	if kid == "" || len(kid) > 64 {
		return apperr.WithFields("invalid key", apperr.FieldError{Field: "kid", Reason: "1-64 characters"})
	}
	defer s.forgetClient(clientID)
	return s.cfg.Store.AddClientKey(ctx, clientID, ClientKey{KID: kid, PEM: pemText, AddedAt: s.cfg.Now().UTC()})
}

// ParsePublicKey reads a PEM "PUBLIC KEY" holding a P-256 or RSA (≥ 2048
// bits) key.
func ParsePublicKey(pemText string) (any, error) {
	blk, _ := pem.Decode([]byte(pemText))
	if blk == nil || blk.Type != "PUBLIC KEY" {
		return nil, errors.New("not a PEM PUBLIC KEY block")
	}
	pub, err := x509.ParsePKIXPublicKey(blk.Bytes)
	if err != nil {
		return nil, errors.New("not a PKIX public key")
	}
	switch k := pub.(type) {
	case *ecdsa.PublicKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("ECDSA keys must be P-256 (ES256)")
		}
	case *rsa.PublicKey:
		if k.N.BitLen() < 2048 {
			return nil, errors.New("RSA keys must have at least 2048 bits")
		}
	default:
		return nil, errors.New("only P-256 ECDSA and RSA keys")
	}
	return pub, nil
}

// AuthenticateSecret checks a client_secret_basic client's credentials.
func (s *Service) AuthenticateSecret(ctx context.Context, id, secret string) (Client, error) {
	bad := refuse(ErrInvalidClient, "client authentication failed")
	if len(id) > 64 || len(secret) > 256 {
		return Client{}, bad
	}
	c, hash, err := s.storedClient(ctx, id)
	if apperr.Is(err, apperr.NotFound) {
		return c, bad
	}
	if err != nil {
		return c, err
	}
	if c.AuthMethod != AuthSecretBasic || !c.Active() || hash == "" ||
		subtle.ConstantTimeCompare([]byte(share.HashToken(secret)), []byte(hash)) != 1 {
		return c, bad
	}
	return c, nil
}

// ActiveClient reads a client that may use the provider now.
func (s *Service) ActiveClient(ctx context.Context, id string) (Client, error) {
	c, err := s.Client(ctx, id)
	if apperr.Is(err, apperr.NotFound) || (err == nil && !c.Active()) {
		return c, refuse(ErrInvalidClient, "unknown or revoked client")
	}
	return c, err
}
