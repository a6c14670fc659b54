package issuance

import (
	"context"
	"slices"

	"dancu/internal/apperr"
	"dancu/internal/auth"
)

// CardStatus tells a verifier whether a card number is valid today. It
// discloses no personal data: only the validity of the number.
func (s *Service) CardStatus(ctx context.Context, number string) (Validity, error) {
	cards, err := s.cfg.Store.CardsByNumber(ctx, number)
	if err != nil {
		return Unknown, err
	}
	return StatusOf(cards, Day(s.cfg.Now())), nil
}

// Revoke withdraws a lost or stolen card. Officers covering the station
// that received the card's application, and ministry accounts, revoke.
func (s *Service) Revoke(ctx context.Context, u auth.User, number, reason string) (Card, error) {
	if !slices.Contains([]string{RevokedLost, RevokedStolen}, reason) {
		return Card{}, apperr.WithFields("invalid revocation", apperr.FieldError{Field: "reason", Reason: "must be lost or stolen"})
	}
	if err := canWrite(u); err != nil {
		return Card{}, err
	}
	cards, err := s.cfg.Store.CardsByNumber(ctx, number)
	if err != nil {
		return Card{}, err
	}
	for _, c := range cards {
		if c.State != CardActive {
			continue
		}
		a, err := s.cfg.Store.Application(ctx, c.ApplicationID)
		if err != nil {
			return Card{}, err
		}
		if err := s.covers(u, a.Unit); err != nil {
			return Card{}, err
		}
		card, err := s.cfg.Store.RevokeCard(ctx, number, reason, s.cfg.Now().UTC())
		if err != nil {
			return card, err
		}
		return card, s.cardRevoked(ctx, card)
	}
	return Card{}, apperr.New(apperr.NotFound, "no active card with that number")
}

// Cards lists card records by state ("" for all).
func (s *Service) Cards(ctx context.Context, state CardState, limit int) ([]Card, error) {
	return s.cfg.Store.Cards(ctx, state, limit)
}
