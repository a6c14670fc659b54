package api

import (
	"net/http"
	"strings"
	"unicode/utf8"

	"dancu/internal/apperr"
	"dancu/internal/merge"
	"dancu/internal/registry"
)

// reviewRoutes are the duplicate review queue, merges and their undo.
func (s *server) reviewRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/duplicates", h: s.listCandidates},
		{method: "GET", path: "/api/v1/duplicates/{id}", h: s.getCandidate},
		{method: "POST", path: "/api/v1/duplicates/{id}/merge", h: s.mergeCandidate},
		{method: "POST", path: "/api/v1/duplicates/{id}/not-same", h: s.notSame},
		{method: "POST", path: "/api/v1/merges/{id}/undo", h: s.undoMerge},
	}
}

// Audited review actions: each discloses or changes citizens' data.
const (
	actDuplicates = "duplicate.list"
	actDuplicate  = "duplicate.read"
	actDecide     = "duplicate.decide"
	actMerge      = "citizen.merge"
	actUndoMerge  = "citizen.merge_undo"
)

// reviewStore is the registry store's review side.
func (s *server) reviewStore() (merge.Store, error) {
	if s.review == nil {
		return nil, apperr.New(apperr.NotFound, "the duplicate review queue is not enabled on this server")
	}
	return s.review, nil
}

// candidateFor reads a queue entry the officer may decide: both records
// within their jurisdiction. National roles decide any pair.
func (s *server) candidateFor(c *call, r *http.Request) (merge.Store, merge.Candidate, error) {
	st, err := s.reviewStore()
	if err != nil {
		return nil, merge.Candidate{}, err
	}
	id := r.PathValue("id")
	if len(id) > 64 {
		return nil, merge.Candidate{}, apperr.New(apperr.NotFound, "no duplicate candidate with that id")
	}
	cand, err := st.Candidate(r.Context(), id)
	if err != nil {
		return nil, cand, err
	}
	if !c.user.CanSee(s.units, cand.LeftUnit, cand.LeftProvince) || !c.user.CanSee(s.units, cand.RightUnit, cand.RightProvince) {
		return nil, cand, apperr.New(apperr.Forbidden, "a record of this pair is outside your jurisdiction")
	}
	return st, cand, nil
}

// decisionRequest is the body of merge, not-same and undo.
type decisionRequest struct {
	Reason string `json:"reason"`
	// SurvivorID (merge only) is the record kept; the other is merged.
	SurvivorID string `json:"survivor_id"`
	// Fill (merge only) copies into the survivor the fields it lacks.
	Fill bool `json:"fill"`
}

// readDecision decodes a decision and checks the reason and the role.
func (s *server) readDecision(r *http.Request, c *call) (decisionRequest, registry.ChangeMeta, error) {
	var req decisionRequest
	if !c.user.Role.CanEdit() {
		return req, registry.ChangeMeta{}, apperr.New(apperr.Forbidden, "the %s role cannot decide duplicates", c.user.Role)
	}
	if err := decodeJSON(r, &req); err != nil {
		return req, registry.ChangeMeta{}, err
	}
	req.Reason = strings.TrimSpace(req.Reason)
	switch {
	case req.Reason == "":
		return req, registry.ChangeMeta{}, apperr.WithFields("invalid decision", apperr.FieldError{Field: "reason", Reason: "required: the reason or legal basis of the decision"})
	case utf8.RuneCountInString(req.Reason) > 500:
		return req, registry.ChangeMeta{}, apperr.WithFields("invalid decision", apperr.FieldError{Field: "reason", Reason: "at most 500 characters"})
	}
	return req, registry.ChangeMeta{Actor: "user:" + c.user.Username, Reason: req.Reason}, nil
}
