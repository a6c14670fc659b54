package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/residence"
)

// residenceHistory serves GET /citizens/{id}/residence: current and past
// residence, each change with the procedure that made it.
func (s *server) residenceHistory(w http.ResponseWriter, r *http.Request, c *call) error {
	if _, err := s.procedures(); err != nil {
		return err
	}
	h, err := s.residence.History(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actResidence, []string{h.CitizenID}, h)
}

type groundsResponse struct {
	Permanent    []residence.Ground      `json:"permanent"`
	Temporary    []residence.Ground      `json:"temporary"`
	AbsenceCases []residence.AbsenceCase `json:"absence_cases"`
}

// residenceGrounds serves GET /residence/grounds: the grounds of deletion
// (art. 24, 29) and the cases of tạm vắng (art. 31).
func (s *server) residenceGrounds(w http.ResponseWriter, r *http.Request, c *call) error {
	return writeJSON(w, http.StatusOK, groundsResponse{Permanent: residence.PermanentGrounds,
		Temporary: residence.TemporaryGrounds, AbsenceCases: residence.AbsenceCases})
}

// absentees serves GET /residence/absentees?commune=&offset=: people
// absent 12 months without tạm trú or tạm vắng (art. 24(1)(d)).
func (s *server) absentees(w http.ResponseWriter, r *http.Request, c *call) error {
	if _, err := s.procedures(); err != nil {
		return err
	}
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	offset, _ := intParam(r.URL.Query(), "offset", 0, maxOffset, fail)
	if len(bad) > 0 {
		return apperr.WithFields("invalid query", bad...)
	}
	page, err := s.residence.Absentees(r.Context(), c.user, r.URL.Query().Get("commune"), offset)
	if err != nil {
		return err
	}
	ids := make([]string, 0, len(page.Items))
	for _, a := range page.Items {
		ids = append(ids, a.CitizenID)
	}
	return s.disclose(w, r, c, actAbsentees, ids, page)
}
