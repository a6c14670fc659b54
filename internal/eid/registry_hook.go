package eid

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/registry"
)

// RegistryHook revokes a citizen's account when the register records the
// citizen's death or merges the record into another one: a VNeID account
// belongs to a living person with one record. It runs inside the
// register's change transaction (registry.ChangeHook), so the record and
// the account change together.
type RegistryHook struct{ Service *Service }

// OnChange implements registry.ChangeHook.
func (h RegistryHook) OnChange(ctx context.Context, ch registry.Change) error {
	if ch.Before == nil || ch.Before.Status == ch.After.Status {
		return nil
	}
	var reason string
	switch ch.After.Status {
	case registry.Dead:
		reason = "citizen died"
	case registry.Merged:
		reason = "record merged into another record"
	default:
		return nil
	}
	s := h.Service
	a, err := s.cfg.Store.AccountByCitizen(ctx, ch.After.ID)
	if apperr.Is(err, apperr.NotFound) {
		return nil
	}
	if err != nil || a.Status == Revoked {
		return err
	}
	trail := systemTrail("registry.change")
	trail.Time = s.cfg.Now()
	_, err = s.apply(ctx, a, trail, ActionRevoke, func(a *StoredAccount) error { return revoke(a, reason) })
	return err
}
