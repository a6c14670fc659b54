package api

import (
	"net/http"

	"dancu/internal/apperr"
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

// errNoReview answers the review routes of a server built without the
// review service.
var errNoReview = apperr.New(apperr.Internal, "this server keeps no duplicate review queue")

// decisionRequest is the body of merge, not-same and undo.
type decisionRequest struct {
	Reason string `json:"reason"`
	// SurvivorID (merge only) is the record kept; the other is merged.
	SurvivorID string `json:"survivor_id"`
	// Fill (merge only) copies into the survivor the fields it lacks.
	Fill bool `json:"fill"`
}

// readDecision decodes a decision; the review service checks the role,
// the reason and jurisdiction.
func (s *server) readDecision(r *http.Request, c *call) (decisionRequest, registry.ChangeMeta, error) {
	var req decisionRequest
	if s.review == nil {
		return req, registry.ChangeMeta{}, errNoReview
	}
	if err := decodeJSON(r, &req); err != nil {
		return req, registry.ChangeMeta{}, err
	}
	return req, registry.ChangeMeta{Actor: "user:" + c.user.Username, Reason: req.Reason}, nil
}
