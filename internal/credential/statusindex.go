package credential

import (
	"context"
	"crypto/rand"
	"math/big"
	"sync"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/credential/statuslist"
)

// StatusUsage is how much of the status list has been handed out.
type StatusUsage struct {
	Given int // indexes ever given (one per credential, never reused)
	Next  int // one past the highest index given
}

// Status indexes are drawn at random (IETF token status list §12.5,
// unlinkability): a sequential index tells a verifier the order of
// issuance and lets two verifiers who saw neighbouring indexes guess the
// holders were issued together. An index is drawn uniformly from
// [0, capacity) and drawn again when taken, which is a uniform choice
// among the unused indexes.
const (
	// listSlack keeps the list at least this many times the indexes
	// given, so a draw finds a free index on the first try at least half
	// the time (two draws on average at worst) and every holder hides
	// among as many unused indexes as used ones.
	listSlack = 2
	// maxDraws bounds the draws: only a list at its maximum size and
	// nearly full comes close to it.
	maxDraws = 128
	// usageTTL is how long a count of the indexes given is trusted; the
	// count only sizes the list, and this process adds its own issues.
	usageTTL = time.Minute
)

// listCapacity is the size of the list for a usage: at least
// listSlack × the indexes given and past the highest one, padded to
// whole blocks of minListEntries (so the size says little about the
// count, draft §11.4), and at most statuslist.MaxEntries.
func listCapacity(u StatusUsage) int {
	n := max(minListEntries, listSlack*(u.Given+1), u.Next)
	n = (n + minListEntries - 1) / minListEntries * minListEntries
	return min(n, statuslist.MaxEntries)
}

// usageCache is the last count of the indexes given, with this process's
// issues added since.
type usageCache struct {
	mu    sync.Mutex
	usage StatusUsage
	read  time.Time
}

// allocateStatusIndex draws an unused index inside the caller's
// transaction (the index is unique in the store, so a concurrent draw of
// the same index fails the insert rather than sharing it).
func (s *Service) allocateStatusIndex(ctx context.Context) (int, error) {
	u, err := s.statusUsage(ctx)
	if err != nil {
		return 0, err
	}
	capacity := big.NewInt(int64(listCapacity(u)))
	for range maxDraws {
		n, err := rand.Int(rand.Reader, capacity)
		if err != nil {
			return 0, apperr.Wrap(err, "draw a status index")
		}
		idx := int(n.Int64())
		taken, err := s.cfg.Store.StatusIndexTaken(ctx, idx)
		if err != nil {
			return 0, err
		}
		if !taken {
			s.usage.mu.Lock()
			s.usage.usage.Given++
			s.usage.usage.Next = max(s.usage.usage.Next, idx+1)
			s.usage.mu.Unlock()
			return idx, nil
		}
	}
	return 0, apperr.New(apperr.Internal, "the status list is full (%d indexes given of %d): no free index found in %d draws",
		u.Given, capacity.Int64(), maxDraws)
}

func (s *Service) statusUsage(ctx context.Context) (StatusUsage, error) {
	s.usage.mu.Lock()
	defer s.usage.mu.Unlock()
	now := s.cfg.Now()
	if !s.usage.read.IsZero() && now.Sub(s.usage.read) < usageTTL && !now.Before(s.usage.read) {
		return s.usage.usage, nil
	}
	u, err := s.cfg.Store.StatusUsage(ctx)
	if err != nil {
		return StatusUsage{}, err
	}
	s.usage.usage, s.usage.read = u, now
	return u, nil
}
