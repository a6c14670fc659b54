package eid

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// Cards reads the cards bearing an ID number (issuance.Store).
type Cards interface {
	CardsByNumber(ctx context.Context, number string) ([]issuance.Card, error)
}

// IssuanceBiometrics reads the references of a citizen's active card from
// the captures of the application that produced it, decrypted from the
// blob store: the photo and fingerprints the ABIS compares against.
type IssuanceBiometrics struct {
	Registry     Registry
	Cards        Cards
	Applications interface {
		Application(ctx context.Context, id string) (issuance.Application, error)
	}
	Blobs issuance.BlobStore
}

// CardBiometrics implements BiometricSource.
func (b IssuanceBiometrics) CardBiometrics(ctx context.Context, citizenID string) (CardBiometrics, error) {
	c, err := b.Registry.Citizen(ctx, citizenID)
	if err != nil {
		return CardBiometrics{}, err
	}
	if c.IDNumber == "" || b.Blobs == nil {
		return CardBiometrics{}, apperr.New(apperr.NotFound, "no card on file")
	}
	cards, err := b.Cards.CardsByNumber(ctx, c.IDNumber)
	if err != nil {
		return CardBiometrics{}, err
	}
	for _, k := range cards {
		if k.CitizenID != citizenID || k.State != issuance.CardActive {
			continue
		}
		a, err := b.Applications.Application(ctx, k.ApplicationID)
		if err != nil {
			return CardBiometrics{}, err
		}
		out := CardBiometrics{Fingerprints: map[string][]byte{}}
		if a.Captures.Photo != "" {
			if out.Photo, err = b.Blobs.Get(ctx, a.Captures.Photo); err != nil {
				return CardBiometrics{}, apperr.Wrap(err, "read card photo")
			}
		}
		for i, f := range a.Captures.Fingerprints {
			if f.Ref == "" {
				continue
			}
			if out.Fingerprints[issuance.Fingers[i]], err = b.Blobs.Get(ctx, f.Ref); err != nil {
				return CardBiometrics{}, apperr.Wrap(err, "read card fingerprint")
			}
		}
		return out, nil
	}
	return CardBiometrics{}, apperr.New(apperr.NotFound, "no active card on file")
}
