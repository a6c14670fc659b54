package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/quality"
)

// Data-quality metrics and findings. Metrics are counts, no personal data;
// findings name citizens, so they leave through disclose.

const actQualityFindings = "quality.findings"

func (s *server) qualityStore() (quality.Store, error) {
	if s.quality == nil {
		return nil, apperr.New(apperr.NotFound, "data-quality findings are not enabled on this server")
	}
	return s.quality, nil
}

// qualityMetrics serves GET /quality/metrics?unit=: the unit (default the
// user's own) and the units below it, within the user's jurisdiction.
func (s *server) qualityMetrics(w http.ResponseWriter, r *http.Request, c *call) error {
	qs, err := s.qualityStore()
	if err != nil {
		return err
	}
	unit, err := s.qualityUnit(c, r.URL.Query().Get("unit"))
	if err != nil {
		return err
	}
	ms, err := qs.QualityMetrics(r.Context(), unit)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, metricsResponse{Unit: unit, Units: ms})
}

type metricsResponse struct {
	Unit  string            `json:"unit"`
	Units []quality.Metrics `json:"units"`
}

// qualityUnit checks a unit filter: a province or commune of the newest
// list within the user's jurisdiction; empty means the user's own unit.
func (s *server) qualityUnit(c *call, unit string) (string, error) {
	if unit != "" && !allDigits(unit, 2, 5) {
		return "", apperr.WithFields("invalid unit", apperr.FieldError{Field: "unit", Reason: "must be a 2-digit province or 5-digit commune code"})
	}
	return s.scoped(c, unit)
}

// qualityFindings serves GET /quality/findings?unit=&code=&severity=&citizen_id=.
func (s *server) qualityFindings(w http.ResponseWriter, r *http.Request, c *call) error {
	qs, err := s.qualityStore()
	if err != nil {
		return err
	}
	v := r.URL.Query()
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	q := quality.FindingQuery{Code: v.Get("code"), Severity: v.Get("severity"), Limit: defaultLimit}
	if q.Code != "" {
		if _, ok := quality.RuleFor(q.Code); !ok {
			fail("code", "not a rule code (see dancu quality rules)")
		}
	}
	if q.Severity != "" && q.Severity != string(quality.Error) && q.Severity != string(quality.Warning) {
		fail("severity", "must be error or warning")
	}
	if n, ok := intParam(v, "limit", 1, maxLimit, fail); ok && n != 0 {
		q.Limit = n
	}
	q.Offset, _ = intParam(v, "offset", 0, maxOffset, fail)
	if len(bad) > 0 {
		return apperr.WithFields("invalid findings query", bad...)
	}
	if id := v.Get("citizen_id"); id != "" {
		return s.findingsOf(w, r, c, qs, id, q)
	}
	if q.Unit, err = s.qualityUnit(c, v.Get("unit")); err != nil {
		return err
	}
	page, err := qs.Findings(r.Context(), q)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actQualityFindings, findingIDs(page.Items), page)
}

// citizenFindings serves GET /citizens/{id}/findings.
func (s *server) citizenFindings(w http.ResponseWriter, r *http.Request, c *call) error {
	qs, err := s.qualityStore()
	if err != nil {
		return err
	}
	return s.findingsOf(w, r, c, qs, r.PathValue("id"), quality.FindingQuery{Limit: maxLimit})
}

// findingsOf lists one citizen's findings after the jurisdiction check on
// the citizen's current record.
func (s *server) findingsOf(w http.ResponseWriter, r *http.Request, c *call, qs quality.Store, id string, q quality.FindingQuery) error {
	if _, err := s.citizenByID(r.Context(), c, id); err != nil {
		return err
	}
	q.CitizenID = id
	page, err := qs.Findings(r.Context(), q)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actQualityFindings, []string{id}, page)
}

func findingIDs(fs []quality.Finding) []string {
	seen := map[string]bool{}
	ids := []string{}
	for _, f := range fs {
		if !seen[f.CitizenID] {
			seen[f.CitizenID] = true
			ids = append(ids, f.CitizenID)
		}
	}
	return ids
}
