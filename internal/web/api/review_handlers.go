package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/merge"
)

type candidatePage struct {
	Items  []merge.Candidate `json:"items"`
	Offset int               `json:"offset"`
	Limit  int               `json:"limit"`
	More   bool              `json:"more"`
}

// listCandidates serves GET /duplicates?limit=&offset=: the open pairs
// whose two records lie in the officer's unit, best score first.
func (s *server) listCandidates(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.review == nil {
		return errNoReview
	}
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	q := merge.Query{Limit: 50}
	v := r.URL.Query()
	if n, ok := intParam(v, "limit", 1, maxLimit, fail); ok && n != 0 {
		q.Limit = n
	}
	q.Offset, _ = intParam(v, "offset", 0, maxOffset, fail)
	if len(bad) > 0 {
		return apperr.WithFields("invalid query", bad...)
	}
	items, more, err := s.review.List(r.Context(), c.user, q)
	if err != nil {
		return err
	}
	ids := make([]string, 0, 2*len(items))
	for _, it := range items {
		ids = append(ids, it.LeftID, it.RightID)
	}
	return s.disclose(w, r, c, actDuplicates, ids, candidatePage{Items: items, Offset: q.Offset, Limit: q.Limit, More: more})
}

// getCandidate serves GET /duplicates/{id}: both records side by side with
// the fields in which they differ.
func (s *server) getCandidate(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.review == nil {
		return errNoReview
	}
	p, err := s.review.Get(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDuplicate, p.IDs(), p.SideBySide())
}

// mergeCandidate serves POST /duplicates/{id}/merge {survivor_id, reason, fill}.
func (s *server) mergeCandidate(w http.ResponseWriter, r *http.Request, c *call) error {
	req, meta, err := s.readDecision(r, c)
	if err != nil {
		return err
	}
	m, err := s.review.Merge(r.Context(), c.user, r.PathValue("id"), req.SurvivorID, req.Fill, meta)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actMerge, []string{m.SurvivorID, m.MergedID}, m)
}

// notSame serves POST /duplicates/{id}/not-same {reason}: later runs
// suppress the pair.
func (s *server) notSame(w http.ResponseWriter, r *http.Request, c *call) error {
	_, meta, err := s.readDecision(r, c)
	if err != nil {
		return err
	}
	out, err := s.review.NotSame(r.Context(), c.user, r.PathValue("id"), meta)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDecide, []string{out.LeftID, out.RightID}, out)
}

// undoMerge serves POST /merges/{id}/undo {reason}. The officer must see
// both records: the survivor and the one merged into it.
func (s *server) undoMerge(w http.ResponseWriter, r *http.Request, c *call) error {
	_, meta, err := s.readDecision(r, c)
	if err != nil {
		return err
	}
	out, err := s.review.Undo(r.Context(), c.user, r.PathValue("id"), meta)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actUndoMerge, []string{out.SurvivorID, out.MergedID}, out)
}
