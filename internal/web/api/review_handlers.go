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
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	var bad []apperr.FieldError
	fail := func(field, reason string) { bad = append(bad, apperr.FieldError{Field: field, Reason: reason}) }
	q := merge.Query{Unit: c.user.Scope(), Limit: 50}
	v := r.URL.Query()
	if n, ok := intParam(v, "limit", 1, maxLimit, fail); ok && n != 0 {
		q.Limit = n
	}
	q.Offset, _ = intParam(v, "offset", 0, maxOffset, fail)
	if len(bad) > 0 {
		return apperr.WithFields("invalid query", bad...)
	}
	items, more, err := st.Candidates(r.Context(), q)
	if err != nil {
		return err
	}
	if items == nil {
		items = []merge.Candidate{}
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
	_, cand, err := s.candidateFor(c, r)
	if err != nil {
		return err
	}
	left, err := s.reg.Citizen(r.Context(), cand.LeftID)
	if err != nil {
		return err
	}
	right, err := s.reg.Citizen(r.Context(), cand.RightID)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actDuplicate, []string{left.ID, right.ID}, merge.Compare(cand, left, right))
}

// mergeCandidate serves POST /duplicates/{id}/merge {survivor_id, reason, fill}.
func (s *server) mergeCandidate(w http.ResponseWriter, r *http.Request, c *call) error {
	req, meta, err := s.readDecision(r, c)
	if err != nil {
		return err
	}
	st, cand, err := s.candidateFor(c, r)
	if err != nil {
		return err
	}
	other := cand.RightID
	switch req.SurvivorID {
	case cand.LeftID:
	case cand.RightID:
		other = cand.LeftID
	default:
		return apperr.WithFields("invalid merge", apperr.FieldError{Field: "survivor_id", Reason: "must name one of the pair's two records"})
	}
	m, err := st.Merge(r.Context(), merge.Request{CandidateID: cand.ID, SurvivorID: req.SurvivorID, MergedID: other, Fill: req.Fill, Meta: meta})
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
	st, cand, err := s.candidateFor(c, r)
	if err != nil {
		return err
	}
	out, err := st.MarkNotSame(r.Context(), cand.ID, meta)
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
	st, err := s.reviewStore()
	if err != nil {
		return err
	}
	id := r.PathValue("id")
	if len(id) > 64 {
		return apperr.New(apperr.NotFound, "no merge with that id")
	}
	m, err := st.MergeByID(r.Context(), id)
	if err != nil {
		return err
	}
	for _, cid := range []string{m.SurvivorID, m.MergedID} {
		if _, err := s.citizenByID(r.Context(), c, cid); err != nil {
			return err
		}
	}
	out, err := st.UndoMerge(r.Context(), m.ID, meta)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actUndoMerge, []string{out.SurvivorID, out.MergedID}, out)
}
