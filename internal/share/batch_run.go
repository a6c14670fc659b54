package share

import (
	"context"
	"time"

	"dancu/internal/apperr"
)

// ErrSuspended refuses a suspended agency's call, running batch or
// download.
var ErrSuspended = apperr.New(apperr.Forbidden, "the agency is suspended")

// ActiveAgency reads the agency afresh from storage, not from the token
// cache, and refuses it if suspended: `dancu agency suspend` in another
// process takes effect at the next call of this, not within the cache TTL.
func (s *Service) ActiveAgency(ctx context.Context, id string) (Agency, error) {
	a, err := s.store.Agency(ctx, id)
	if err != nil {
		return Agency{}, err
	}
	if a.Status != Active {
		return a, ErrSuspended
	}
	return a, nil
}

// NextBatchLine admits the next line of an agency's running batch. A line
// costs one token of the agency's rate limit, as a single match does, so a
// 20,000-line batch draws 20,000 tokens and runs at the agency's rate,
// sharing it with its other calls; when the bucket is empty it waits for a
// token. Before every line the agency is read from storage, so a
// suspension stops the batch at the next line (ErrSuspended), and the
// line is answered with the agency's current scope and legal basis.
func (s *Service) NextBatchLine(ctx context.Context, agencyID string) (Agency, error) {
	for {
		a, err := s.ActiveAgency(ctx, agencyID)
		if err != nil {
			return a, err
		}
		ok, wait, err := s.limiter.Take(ctx, a.ID, a.RatePerSec, a.Burst, 1, s.now())
		if err != nil {
			return a, err
		}
		if ok {
			return a, nil
		}
		if err := s.sleep(ctx, wait); err != nil {
			return a, err
		}
	}
}

// sleepCtx waits d or until ctx ends.
func sleepCtx(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
