package share

import (
	"context"
	"time"

	"github.com/google/uuid"

	"dancu/internal/apperr"
)

// resolveTimeout bounds the name resolution of a subscription's host.
const resolveTimeout = 5 * time.Second

// Subscribe registers an agency's webhook for event types it may
// receive, at a URL the target policy permits. The returned subscription
// holds its signing secret, which the caller shows once.
func (s *Service) Subscribe(ctx context.Context, a Agency, rawURL string, types []EventType) (Subscription, error) {
	if len(types) == 0 {
		return Subscription{}, apperr.WithFields("invalid subscription", apperr.FieldError{Field: "types", Reason: "at least one event type"})
	}
	for _, t := range types {
		if !a.MaySee(t) {
			return Subscription{}, &apperr.Error{Code: apperr.Forbidden, Message: "the agency may not receive this event type",
				Fields: []apperr.FieldError{{Field: "types", Reason: "not allowed: " + string(t)}}}
		}
	}
	rctx, cancel := context.WithTimeout(ctx, resolveTimeout)
	defer cancel()
	if err := s.targets.CheckURL(rctx, rawURL, s.resolve); err != nil {
		return Subscription{}, err
	}
	sub := Subscription{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: a.ID, URL: rawURL, Types: types,
		Secret: NewSecret(), CreatedAt: s.now().UTC()}
	if err := s.store.CreateSubscription(ctx, sub); err != nil {
		return Subscription{}, err
	}
	list, err := s.store.Subscriptions(ctx, a.ID)
	if err != nil {
		return Subscription{}, err
	}
	for _, got := range list {
		if got.ID == sub.ID {
			return got, nil // with the starting cursor the store chose
		}
	}
	return sub, nil
}
