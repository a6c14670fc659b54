package api

import (
	"net/http"

	"dancu/internal/share"
)

type subscriptionRequest struct {
	URL   string            `json:"url"`
	Types []share.EventType `json:"types"`
}

type subscriptionCreated struct {
	share.Subscription
	// Secret signs the webhooks; it is shown only here.
	Secret string `json:"secret"`
}

// createSubscription serves POST /events/subscriptions. The share service
// decides which event types and which targets are allowed.
func (s *server) createSubscription(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	var req subscriptionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	sub, err := s.share.Subscribe(r.Context(), p.Agency, req.URL, req.Types)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, subscriptionCreated{Subscription: sub, Secret: sub.Secret})
}

func (s *server) listSubscriptions(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	list, err := s.share.Store().Subscriptions(r.Context(), p.Agency.ID)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]any{"items": list})
}

func (s *server) deleteSubscription(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	if err := s.share.Store().DeleteSubscription(r.Context(), p.Agency.ID, r.PathValue("id")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}
