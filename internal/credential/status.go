package credential

import (
	"context"
	"fmt"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential/statuslist"
)

// StatusListTTL is how long a verifier may cache the list (the token's
// ttl) and how long this process serves a signed list before re-reading:
// a revocation made by another process shows within it; one made by this
// process shows at once.
const StatusListTTL = time.Minute

// minListEntries pads the list so its length says little about how many
// credentials exist (draft §11.4 on herd privacy).
const minListEntries = 1 << 14

// statusCache holds the last signed list.
type statusCache struct {
	mu     sync.Mutex
	token  string
	signed time.Time
}

func (c *statusCache) invalidate() {
	c.mu.Lock()
	c.token = ""
	c.mu.Unlock()
}

// StatusListToken is the signed status list (typ statuslist+jwt) that
// credentials cite in their status claim.
func (s *Service) StatusListToken(ctx context.Context) (string, error) {
	now := s.cfg.Now()
	s.status.mu.Lock()
	defer s.status.mu.Unlock()
	if s.status.token != "" && now.Sub(s.status.signed) < StatusListTTL {
		return s.status.token, nil
	}
	l, err := s.statusList(ctx)
	if err != nil {
		return "", err
	}
	key, kid, err := s.signing(now)
	if err != nil {
		return "", apperr.Wrap(fmt.Errorf("%w: %v", ErrIssuerKey, err), "sign the status list")
	}
	tok, err := statuslist.Sign(key.Key, kid, s.StatusListURI(), l, now, StatusListTTL)
	if err != nil {
		return "", err
	}
	s.status.token, s.status.signed = tok, now
	return tok, nil
}

// statusList builds the list from the store: every index not active is
// Invalid (a superseded credential is as dead as a revoked one).
func (s *Service) statusList(ctx context.Context) (*statuslist.List, error) {
	entries, usage, err := s.cfg.Store.StatusEntries(ctx)
	if err != nil {
		return nil, err
	}
	l, err := statuslist.New(statuslist.Bits, listCapacity(usage))
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		if err := l.Set(e.Index, statuslist.Invalid); err != nil {
			return nil, err
		}
	}
	return l, nil
}
