package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// verifyCardStatus serves GET /verify/cards/{number}/status for agencies:
// only the validity of a card number, from the issuance store's look-up.
func (s *server) verifyCardStatus(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
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
	if err := s.recordAgency(r.Context(), c, p, agencyAudit{action: actVerifyCard, purpose: share.Purpose{Name: r.URL.Query().Get("purpose")},
		fields: []string{"card_status"}, result: "ok"}); err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, cardStatusResponse{Number: number, Status: v})
}
