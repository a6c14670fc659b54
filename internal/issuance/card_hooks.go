package issuance

import (
	"context"
	"fmt"
)

// CardHook is told when a card becomes active (handed over) or is
// revoked, after the change has committed: the căn cước điện tử is
// re-issued on the new card, or revoked with the old one. A hook's error
// is returned to the caller with the change already made, so hooks keep
// to their own storage and fall back to revoking when they cannot do more.
type CardHook interface {
	CardActivated(ctx context.Context, c Card) error
	CardRevoked(ctx context.Context, c Card) error
}

// cardActivated tells the hooks about the application's card.
func (s *Service) cardActivated(ctx context.Context, a Application) error {
	if len(s.cfg.CardHooks) == 0 {
		return nil
	}
	cards, err := s.cfg.Store.CardsByNumber(ctx, a.IDNumber)
	if err != nil {
		return err
	}
	for _, c := range cards {
		if c.ApplicationID != a.ID {
			continue
		}
		for _, h := range s.cfg.CardHooks {
			if err := h.CardActivated(ctx, c); err != nil {
				return fmt.Errorf("card %s handed over, but: %w", c.Number, err)
			}
		}
	}
	return nil
}

func (s *Service) cardRevoked(ctx context.Context, c Card) error {
	for _, h := range s.cfg.CardHooks {
		if err := h.CardRevoked(ctx, c); err != nil {
			return fmt.Errorf("card %s revoked, but: %w", c.Number, err)
		}
	}
	return nil
}
