package api

import (
	"net"
	"net/http"
	"net/url"

	"github.com/google/uuid"

	"dancu/internal/apperr"
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

// createSubscription serves POST /events/subscriptions.
func (s *server) createSubscription(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	var req subscriptionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if err := checkWebhookURL(req.URL); err != nil {
		return err
	}
	if len(req.Types) == 0 {
		return apperr.WithFields("invalid subscription", apperr.FieldError{Field: "types", Reason: "at least one event type"})
	}
	for _, t := range req.Types {
		if !p.Agency.MaySee(t) {
			return &apperr.Error{Code: apperr.Forbidden, Message: "the agency may not receive this event type",
				Fields: []apperr.FieldError{{Field: "types", Reason: "not allowed: " + string(t)}}}
		}
	}
	sub := share.Subscription{ID: uuid.Must(uuid.NewV7()).String(), AgencyID: p.Agency.ID, URL: req.URL, Types: req.Types,
		Secret: share.NewSecret(), CreatedAt: s.share.Now().UTC()}
	if err := s.share.Store().CreateSubscription(r.Context(), sub); err != nil {
		return err
	}
	list, err := s.share.Store().Subscriptions(r.Context(), p.Agency.ID)
	if err != nil {
		return err
	}
	for _, got := range list {
		if got.ID == sub.ID {
			sub = got
		}
	}
	return writeJSON(w, http.StatusCreated, subscriptionCreated{Subscription: sub, Secret: sub.Secret})
}

// checkWebhookURL requires https, except on loopback addresses (tests,
// a local relay).
func checkWebhookURL(raw string) error {
	u, err := url.Parse(raw)
	bad := apperr.WithFields("invalid webhook URL", apperr.FieldError{Field: "url", Reason: "an absolute https URL (http only on loopback)"})
	if err != nil || u.Host == "" || len(raw) > 2000 {
		return bad
	}
	ip := net.ParseIP(u.Hostname())
	if u.Scheme == "https" || (u.Scheme == "http" && (u.Hostname() == "localhost" || (ip != nil && ip.IsLoopback()))) {
		return nil
	}
	return bad
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
