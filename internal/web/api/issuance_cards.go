package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

type cardStatusResponse struct {
	Number string            `json:"number"`
	Status issuance.Validity `json:"status"`
}

// cardStatus serves GET /cards/{number}/status for verifiers: only the
// validity of the number, no personal data, so any officer may ask.
func (s *server) cardStatus(w http.ResponseWriter, r *http.Request, c *call) error {
	number := r.PathValue("number")
	if !allDigits(number, 12) {
		return apperr.WithFields("invalid card number", apperr.FieldError{Field: "number", Reason: "must be 12 digits"})
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	v, err := svc.CardStatus(r.Context(), number)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cardStatusResponse{Number: number, Status: v})
}

type revokeRequest struct {
	Reason string `json:"reason"`
}

// revokeCard serves POST /cards/{number}/revoke (lost or stolen).
func (s *server) revokeCard(w http.ResponseWriter, r *http.Request, c *call) error {
	var req revokeRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	card, err := svc.Revoke(r.Context(), c.user, r.PathValue("number"), req.Reason)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actCardRevoke, []string{card.CitizenID}, card)
}

type quotaRequest struct {
	Unit   string  `json:"unit"`
	From   jsonDay `json:"from"`
	To     jsonDay `json:"to"`
	Target int64   `json:"target"`
}

// setQuota serves POST /quotas; a quota with the same unit and start
// replaces the previous one.
func (s *server) setQuota(w http.ResponseWriter, r *http.Request, c *call) error {
	var req quotaRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	q := issuance.Quota{Unit: req.Unit, From: req.From.Time, To: req.To.Time, Target: req.Target}
	if err := svc.SetQuota(r.Context(), c.user, q); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, q)
}

type progressResponse struct {
	issuance.Progress
	PercentOfTarget float64 `json:"percent_of_target"`
	PercentCovered  float64 `json:"percent_covered"`
}

// progress serves GET /progress?unit=&day=: aggregate counts only.
func (s *server) progress(w http.ResponseWriter, r *http.Request, c *call) error {
	day, err := s.dayParam(r, "day")
	if err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	p, err := svc.Progress(r.Context(), c.user, r.URL.Query().Get("unit"), day)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, progressResponse{Progress: p, PercentOfTarget: p.PercentOfTarget(), PercentCovered: p.PercentCovered()})
}
