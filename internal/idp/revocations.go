package idp

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Revocation keys name what a revocation covers; each revokes the tokens
// issued up to its time. They are the provider's rule; the store keeps
// them as opaque keys (oidc_revocations).

// GrantRevocation: one grant (a token revoked, or its code replayed).
func GrantRevocation(grantID string) string { return "g:" + grantID }

// CitizenClientRevocation: consent withdrawn from one relying party.
func CitizenClientRevocation(citizenID, clientID string) string {
	return "c:" + citizenID + ":" + clientID
}

// AccountRevocation: the citizen's VNeID account suspended, revoked or
// dropped below level 2 (eid's AccountWithdrawn), at every relying party.
func AccountRevocation(citizenID string) string { return "a:" + citizenID }

// Revocation is one stored revocation.
type Revocation struct {
	Key string
	At  time.Time
}

// Revocations refresh from the store at most this often: a revocation
// made on another server (or by the CLI) reaches userinfo within it; one
// made through this service applies at once.
const revocationRefresh = time.Second

// revocationOverlap re-reads revocations written this long before the
// last refresh, for transactions that committed after it with an earlier
// time and for clocks of servers that differ by less.
const revocationOverlap = 30 * time.Second

// revocationIndex mirrors the stored revocations that can still matter,
// so that userinfo checks a sealed access token without a query per
// request. Only revocations newer than the access tokens' lifetime can
// match a live token (a token issued before one is expired), so the index
// holds at most a lifetime's worth of them.
type revocationIndex struct {
	mu      sync.RWMutex
	at      map[string]time.Time
	through time.Time // the store's revocations up to here are loaded
	next    time.Time // when to refresh
	loading sync.Mutex
}

func newRevocationIndex() *revocationIndex {
	return &revocationIndex{at: map[string]time.Time{}}
}

// add records a revocation this service made.
func (x *revocationIndex) add(key string, at time.Time) {
	x.mu.Lock()
	if cur, ok := x.at[key]; !ok || at.After(cur) {
		x.at[key] = at
	}
	x.mu.Unlock()
}

// covers reports whether a revocation under one of keys came at or after
// issued.
func (x *revocationIndex) covers(issued time.Time, keys ...string) bool {
	x.mu.RLock()
	defer x.mu.RUnlock()
	for _, k := range keys {
		if at, ok := x.at[k]; ok && !at.Before(issued) {
			return true
		}
	}
	return false
}

// refresh loads what the store gained since the last refresh when it is
// due. Until the first load completes every caller waits for it; after
// that one caller refreshes while the others use the index as it is.
func (x *revocationIndex) refresh(ctx context.Context, st Store, now time.Time, ttl time.Duration) error {
	x.mu.RLock()
	loaded, due := !x.through.IsZero(), !now.Before(x.next)
	x.mu.RUnlock()
	if !due {
		return nil
	}
	if loaded {
		if !x.loading.TryLock() {
			return nil
		}
	} else {
		x.loading.Lock()
	}
	defer x.loading.Unlock()
	x.mu.RLock()
	since, due := x.through, !now.Before(x.next)
	x.mu.RUnlock()
	if !due {
		return nil // another caller loaded while this one waited
	}
	// A revocation older than the longest-lived token cannot cover a
	// live one.
	oldest := now.Add(-ttl - revocationOverlap)
	if since.IsZero() || since.Before(oldest) {
		since = oldest
	} else {
		since = since.Add(-revocationOverlap)
	}
	list, err := st.Revocations(ctx, since)
	if err != nil {
		return fmt.Errorf("idp: read revocations: %w", err)
	}
	x.mu.Lock()
	defer x.mu.Unlock()
	for _, r := range list {
		if cur, ok := x.at[r.Key]; !ok || r.At.After(cur) {
			x.at[r.Key] = r.At
		}
	}
	for k, at := range x.at {
		if at.Before(oldest) {
			delete(x.at, k)
		}
	}
	x.through, x.next = now, now.Add(revocationRefresh)
	return nil
}

// revocationWindow is how far back the index must reach: an access
// token's lifetime, and the longest a login can wait for its code to be
// redeemed (the account was read at login, so only a withdrawal after it
// matters then).
func (s *Service) revocationWindow() time.Duration {
	return max(s.cfg.AccessTTL, s.cfg.RequestTTL+s.cfg.CodeTTL)
}

// revoked reports whether a revocation under one of keys came at or after
// since.
func (s *Service) revoked(ctx context.Context, since time.Time, keys ...string) (bool, error) {
	if err := s.revocations.refresh(ctx, s.cfg.Store, s.cfg.Now(), s.revocationWindow()); err != nil {
		return false, err
	}
	return s.revocations.covers(since, keys...), nil
}

// revokedAccess reports whether access token t was revoked: its grant,
// the citizen's consent to its relying party, or the citizen's account.
func (s *Service) revokedAccess(ctx context.Context, t Token) (bool, error) {
	return s.revoked(ctx, t.IssuedAt, GrantRevocation(t.GrantID), CitizenClientRevocation(t.CitizenID, t.ClientID), AccountRevocation(t.CitizenID))
}

// AccountWithdrawn implements eid.AccountHook: a suspended or revoked
// account, or one that fell below level 2, loses every token it holds,
// in the transaction of the change.
func (s *Service) AccountWithdrawn(ctx context.Context, citizenID string) error {
	now := s.cfg.Now().UTC()
	if err := s.cfg.Store.RevokeAccountTokens(ctx, citizenID, now); err != nil {
		return err
	}
	// Added before the change commits: if it rolls back, the citizen's
	// tokens stay refused on this server until they expire (fail closed).
	s.revocations.add(AccountRevocation(citizenID), now)
	return nil
}
