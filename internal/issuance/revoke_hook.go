package issuance

import (
	"context"
	"time"

	"dancu/internal/registry"
)

// Reasons the register's changes revoke cards.
const (
	// RevokedDeath: the holder's death was registered; a dead person's
	// card must no longer verify as valid.
	RevokedDeath = "holder_died"
	// RevokedNumberCancelled: the number the card bears was cancelled (a
	// re-established number is a ground for exchanging the card, Luật Căn
	// cước 2023 Điều 24.1.e); the old card no longer identifies its holder.
	RevokedNumberCancelled = "number_cancelled"
)

// HolderCards revokes a citizen's cards inside the caller's transaction.
type HolderCards interface {
	// RevokeHolderCards revokes every produced or active card of the
	// citizen, queuing card.revoked for each, in the transaction ctx
	// carries.
	RevokeHolderCards(ctx context.Context, citizenID, reason string, at time.Time) error
}

// CardRevoker is the registry.ChangeHook that revokes a person's cards in
// the transaction of the change that makes them invalid: a registered
// death, or the cancellation of the number they bear. It is the one home
// of that rule, whichever door the change came through (a khai tử
// procedure, an officer's correction, a number re-established). A merged
// record is left alone: the merge decides its numbers.
type CardRevoker struct{ Cards HolderCards }

// OnChange implements registry.ChangeHook.
func (h CardRevoker) OnChange(ctx context.Context, ch registry.Change) error {
	if ch.Before == nil || ch.After.Status == registry.Merged {
		return nil
	}
	var reason string
	switch {
	case ch.After.Status == registry.Dead && ch.Before.Status != registry.Dead:
		reason = RevokedDeath
	case ch.Before.IDNumber != "" && ch.After.IDNumber != ch.Before.IDNumber:
		reason = RevokedNumberCancelled
	default:
		return nil
	}
	return h.Cards.RevokeHolderCards(ctx, ch.After.ID, reason, ch.After.UpdatedAt)
}
