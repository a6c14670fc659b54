package credential

import (
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/credential/jose"
	"dancu/internal/credential/sdjwt"
	"dancu/internal/credential/statuslist"
	"dancu/internal/issuance"
	"dancu/internal/registry"
)

// Issue makes the citizen's căn cước điện tử from the record and the
// active card, replacing any earlier one. holder is the wallet's key; nil
// keeps (or creates) the key the service holds for the citizen.
func (s *Service) Issue(ctx context.Context, a Actor, citizenID string, holder *jose.JWK) (Credential, error) {
	if err := s.eligible(ctx, citizenID); err != nil {
		return Credential{}, err
	}
	var out Credential
	var err error
	for range maxIssueTries {
		err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
			var err error
			out, err = s.issueWithin(ctx, a, citizenID, nil, holder)
			return err
		})
		if !errors.Is(err, ErrCredentialClash) {
			break
		}
		// A concurrent issue committed the same status index (or this
		// citizen's credential) between the draw and the insert; on
		// PostgreSQL the failed insert ended the transaction, so the whole
		// issue runs again, drawing anew and superseding what committed.
	}
	return out, err
}

// ErrCredentialClash is a unique key a concurrent issue took first.
var ErrCredentialClash = errors.New("credential: a concurrent issue took the same status index or holder slot")

// maxIssueTries bounds the retries of an issue that clashed: a clash needs
// two draws of the same index among at least 16,384 at the same moment.
const maxIssueTries = 4

// eligible refuses a citizen without a level-2 VNeID account.
func (s *Service) eligible(ctx context.Context, citizenID string) error {
	if s.cfg.Eligibility == nil {
		return apperr.New(apperr.Internal, "credential: no VNeID account service is configured")
	}
	_, ok, err := s.cfg.Eligibility.Level2Account(ctx, citizenID)
	if err != nil {
		return fmt.Errorf("credential: eligibility of %s: %w", citizenID, err)
	}
	if !ok {
		return apperr.New(apperr.Forbidden, "the căn cước điện tử is issued to level-2 VNeID accounts only (định danh điện tử mức 2)")
	}
	return nil
}

// ErrIssuerKey: the credential issuer key could not be used (the PKI is
// not opened, or the key is outside its usage period).
var ErrIssuerKey = errors.New("credential: the issuer key is not available")

// issueWithin issues inside the caller's transaction: the new credential,
// the end of the previous one and the audit entry commit together. record
// is the citizen's state when the caller has it (a change not yet
// committed); nil reads it.
func (s *Service) issueWithin(ctx context.Context, a Actor, citizenID string, record *registry.Citizen, holder *jose.JWK) (Credential, error) {
	now := s.cfg.Now().UTC().Truncate(time.Second)
	c, card, photo, err := s.sources(ctx, citizenID, record)
	if err != nil {
		return Credential{}, err
	}
	prev, err := s.cfg.Store.CurrentCredential(ctx, citizenID)
	if err != nil && !apperr.Is(err, apperr.NotFound) {
		return Credential{}, err
	}
	cnf, keyRef, err := s.holderKey(ctx, holder, prev)
	if err != nil {
		return Credential{}, err
	}
	idx, err := s.allocateStatusIndex(ctx)
	if err != nil {
		return Credential{}, err
	}
	disclosable := claims(c, card, photo, s.cfg.Units, now)
	exp := expiry(c, card, now, s.cfg.Lifetime)
	issued, err := s.sign(now, exp, cnf, idx, disclosable)
	if err != nil {
		return Credential{}, err
	}
	if prev.ID != "" {
		if err := s.cfg.Store.EndCredential(ctx, prev.ID, Superseded, now, "reissued"); err != nil {
			return Credential{}, err
		}
	}
	cred := Credential{ID: s.cfg.NewID(), CitizenID: citizenID, IDNumber: c.IDNumber, ApplicationID: card.ApplicationID,
		StatusIndex: idx, IssuedAt: now, ExpiresAt: exp, State: Active, SDJWT: issued.String(), HolderKeyRef: keyRef}
	if err := s.cfg.Store.InsertCredential(ctx, cred); err != nil {
		return Credential{}, err
	}
	s.status.invalidate()
	fields := slices.Sorted(maps.Keys(disclosable))
	return cred, audit.AppendWithin(ctx, s.cfg.Audit, a.entry(now, "credential.issue", citizenID, fields))
}

// sources reads what a credential is made of: the living record, its
// active card and the card's portrait.
func (s *Service) sources(ctx context.Context, citizenID string, record *registry.Citizen) (registry.Citizen, issuance.Card, []byte, error) {
	var c registry.Citizen
	if record != nil {
		c = *record
	} else {
		var err error
		if c, err = s.cfg.Citizens.Citizen(ctx, citizenID); err != nil {
			return c, issuance.Card{}, nil, err
		}
	}
	if c.Status != registry.Alive || c.IDNumber == "" {
		return c, issuance.Card{}, nil, apperr.New(apperr.Conflict, "the record is %s or has no ID number: no credential", c.Status)
	}
	cards, err := s.cfg.Cards.CardsByNumber(ctx, c.IDNumber)
	if err != nil {
		return c, issuance.Card{}, nil, err
	}
	card, ok := activeCard(cards, s.cfg.Now())
	if !ok {
		return c, card, nil, apperr.New(apperr.Conflict, "the citizen holds no valid card: the căn cước điện tử carries a card's data")
	}
	var photo []byte
	if s.cfg.Photos != nil {
		if photo, err = s.cfg.Photos.Photo(ctx, c.IDNumber); err != nil && !apperr.Is(err, apperr.NotFound) {
			return c, card, nil, fmt.Errorf("credential: card photo: %w", err)
		}
	}
	return c, card, photo, nil
}

func activeCard(cards []issuance.Card, now time.Time) (issuance.Card, bool) {
	for _, c := range cards {
		if c.State == issuance.CardActive && (c.ExpiryDate == nil || now.Before(*c.ExpiryDate)) {
			return c, true
		}
	}
	return issuance.Card{}, false
}

// sign makes the SD-JWT: iss, iat, exp, vct, cnf, status and the issuing
// authority in the clear, every personal claim disclosable.
func (s *Service) sign(now, exp time.Time, cnf jose.JWK, idx int, disclosable map[string]any) (sdjwt.Issued, error) {
	key, kid, err := s.signing(now)
	if err != nil {
		return sdjwt.Issued{}, apperr.Wrap(fmt.Errorf("%w: %v", ErrIssuerKey, err), "sign the credential")
	}
	clear := map[string]any{
		"iss": s.cfg.Issuer, "iat": now.Unix(), "exp": exp.Unix(), "vct": VCT,
		"cnf":               map[string]any{"jwk": cnf},
		"status":            statuslist.NewRef(s.StatusListURI(), idx),
		"issuing_authority": "Bộ Công an", "issuing_country": "VN",
	}
	return sdjwt.Issue(key.Key, jose.Header{Kid: kid}, clear, disclosable)
}

// keyID is the RFC 7638 thumbprint of a certificate's key, the kid of
// every JWS it signs and of its entry in the published key set.
func keyID(cert *x509.Certificate) (string, error) {
	pub, ok := cert.PublicKey.(*ecdsa.PublicKey)
	if !ok {
		return "", errors.New("credential: the issuer certificate's key is not ECDSA")
	}
	jwk, err := jose.PublicJWK(pub)
	if err != nil {
		return "", err
	}
	return jwk.Thumbprint(), nil
}

// holderKey decides cnf: the wallet's key, the custodial key the previous
// credential used, or a new custodial key sealed in the blob store.
func (s *Service) holderKey(ctx context.Context, wallet *jose.JWK, prev Credential) (jose.JWK, string, error) {
	if wallet != nil {
		if _, err := wallet.Key(); err != nil {
			return jose.JWK{}, "", apperr.WithFields("invalid holder key", apperr.FieldError{Field: "holder_jwk", Reason: err.Error()})
		}
		return jose.JWK{Kty: wallet.Kty, Crv: wallet.Crv, X: wallet.X, Y: wallet.Y}, "", nil
	}
	if prev.ID != "" && prev.HolderKeyRef == "" {
		return walletKeyOf(prev)
	}
	if prev.HolderKeyRef != "" {
		key, err := s.custodialKey(ctx, prev.HolderKeyRef)
		if err != nil {
			return jose.JWK{}, "", err
		}
		jwk, err := jose.PublicJWK(&key.PublicKey)
		return jwk, prev.HolderKeyRef, err
	}
	if s.cfg.Blobs == nil {
		return jose.JWK{}, "", apperr.New(apperr.Internal, "credential: no blob store for the holder key")
	}
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		return jose.JWK{}, "", fmt.Errorf("credential: holder key: %w", err)
	}
	der, err := x509.MarshalPKCS8PrivateKey(key)
	if err != nil {
		return jose.JWK{}, "", fmt.Errorf("credential: holder key: %w", err)
	}
	defer clear(der)
	ref, err := s.cfg.Blobs.Put(ctx, der)
	if err != nil {
		return jose.JWK{}, "", fmt.Errorf("credential: seal the holder key: %w", err)
	}
	jwk, err := jose.PublicJWK(&key.PublicKey)
	return jwk, ref, err
}

func (s *Service) custodialKey(ctx context.Context, ref string) (*ecdsa.PrivateKey, error) {
	der, err := s.cfg.Blobs.Get(ctx, ref)
	if err != nil {
		return nil, fmt.Errorf("credential: holder key: %w", err)
	}
	defer clear(der)
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("credential: holder key: %w", err)
	}
	key, ok := k.(*ecdsa.PrivateKey)
	if !ok {
		return nil, errors.New("credential: holder key is not ECDSA")
	}
	return key, nil
}

// walletKeyOf reads cnf.jwk back from a credential bound to a wallet's
// key, so a re-issue stays bound to the same wallet.
func walletKeyOf(prev Credential) (jose.JWK, string, error) {
	issued, err := sdjwt.ParseIssued(prev.SDJWT)
	if err != nil {
		return jose.JWK{}, "", err
	}
	p, err := jose.Parse(issued.JWT)
	if err != nil {
		return jose.JWK{}, "", err
	}
	var payload struct {
		Cnf struct {
			JWK jose.JWK `json:"jwk"`
		} `json:"cnf"`
	}
	if err := json.Unmarshal(p.Payload, &payload); err != nil {
		return jose.JWK{}, "", fmt.Errorf("credential: cnf of the previous credential: %w", err)
	}
	if _, err := payload.Cnf.JWK.Key(); err != nil {
		return jose.JWK{}, "", err
	}
	return payload.Cnf.JWK, "", nil
}
