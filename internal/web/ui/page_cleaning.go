package ui

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/merge"
	"dancu/internal/quality"
)

type cleaningData struct {
	Findings   []quality.Finding
	MoreF      bool
	Severity   string
	Candidates []merge.Candidate
	MoreC      bool
	HasQuality bool
	HasReview  bool
}

// cleaningPage lists the rule findings of the user's area and the open
// duplicate candidates waiting for a decision.
func (s *server) cleaningPage(w http.ResponseWriter, r *http.Request, v *view) error {
	ctx := r.Context()
	d := cleaningData{Severity: r.URL.Query().Get("severity")}
	if d.Severity != string(quality.Error) && d.Severity != string(quality.Warning) {
		d.Severity = ""
	}
	var ids []string
	if qs := s.quality; qs != nil {
		d.HasQuality = true
		page, err := qs.Findings(ctx, quality.FindingQuery{Unit: v.User.Scope(), Severity: d.Severity, Limit: 50})
		if err != nil {
			return err
		}
		d.Findings, d.MoreF = page.Items, page.More
		for _, f := range page.Items {
			ids = append(ids, f.CitizenID)
		}
	}
	if st := s.review; st != nil {
		d.HasReview = true
		items, more, err := st.Candidates(ctx, merge.Query{Unit: v.User.Scope(), Limit: 50})
		if err != nil {
			return err
		}
		d.Candidates, d.MoreC = items, more
		for _, c := range items {
			ids = append(ids, c.LeftID, c.RightID)
		}
	}
	if len(ids) > 0 {
		if err := s.disclose(ctx, v, "GET /cleaning", actFindings, ids, "record_ref"); err != nil {
			return err
		}
	}
	v.Title, v.Nav = v.T("clean.title"), "cleaning"
	s.render(w, r, v, http.StatusOK, "cleaning", d)
	return nil
}

type pairData struct {
	merge.SideBySide
	Rows    []pairRow
	Decided bool
	Error   string
}

type pairRow struct {
	Field, Left, Right string
	Differs            bool
}

// candidateFor reads a queue entry both of whose records the user sees.
func (s *server) candidateFor(r *http.Request, v *view) (merge.Store, merge.Candidate, error) {
	st := s.review
	if st == nil {
		return nil, merge.Candidate{}, apperr.New(apperr.NotFound, "no duplicate review here")
	}
	id := r.PathValue("id")
	if len(id) > 64 {
		return nil, merge.Candidate{}, apperr.New(apperr.NotFound, "no duplicate candidate with that id")
	}
	c, err := st.Candidate(r.Context(), id)
	if err != nil {
		return nil, c, err
	}
	if !v.User.CanSee(s.units, c.LeftUnit, c.LeftProvince) || !v.User.CanSee(s.units, c.RightUnit, c.RightProvince) {
		return nil, c, apperr.New(apperr.Forbidden, "%s", v.T("error.jurisdiction"))
	}
	return st, c, nil
}

// duplicatePage shows a candidate pair side by side, differing fields
// marked, with the merge and "not the same person" actions.
func (s *server) duplicatePage(w http.ResponseWriter, r *http.Request, v *view) error {
	_, c, err := s.candidateFor(r, v)
	if err != nil {
		return err
	}
	return s.showPair(w, r, v, c, http.StatusOK, "")
}

func (s *server) showPair(w http.ResponseWriter, r *http.Request, v *view, c merge.Candidate, status int, msg string) error {
	ctx := r.Context()
	left, err := s.reg.Citizen(ctx, c.LeftID)
	if err != nil {
		return err
	}
	right, err := s.reg.Citizen(ctx, c.RightID)
	if err != nil {
		return err
	}
	d := pairData{SideBySide: merge.Compare(c, left, right), Decided: c.Status != merge.Open, Error: msg}
	differs := map[string]bool{}
	for _, f := range d.Differing {
		differs[f] = true
	}
	lg, rg := s.groups(v, left), s.groups(v, right)
	for gi := range lg {
		for ri := range lg[gi].Rows {
			l, rr := lg[gi].Rows[ri], rg[gi].Rows[ri]
			d.Rows = append(d.Rows, pairRow{Field: l.Label, Left: l.Value, Right: rr.Value, Differs: l.Value != rr.Value})
		}
	}
	if err := s.disclose(ctx, v, "GET /cleaning/duplicates/{id}", actDuplicate, []string{left.ID, right.ID}); err != nil {
		return err
	}
	v.Title, v.Nav = v.T("clean.pair"), "cleaning"
	s.render(w, r, v, status, "duplicate", d)
	return nil
}

// duplicateDecide merges the pair (keeping the chosen record) or marks it
// "not the same person"; both need a reason.
func (s *server) duplicateDecide(w http.ResponseWriter, r *http.Request, v *view) error {
	if !v.User.Role.CanEdit() {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.role"))
	}
	st, c, err := s.candidateFor(r, v)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if len(reason) == 0 {
		return s.showPair(w, r, v, c, http.StatusUnprocessableEntity, v.T("edit.err.reason"))
	}
	meta := mergeMeta(v, reason)
	switch r.PostFormValue("decision") {
	case "not_same":
		_, err = st.MarkNotSame(r.Context(), c.ID, meta)
	case "merge_left", "merge_right":
		survivor, other := c.LeftID, c.RightID
		if r.PostFormValue("decision") == "merge_right" {
			survivor, other = other, survivor
		}
		_, err = st.Merge(r.Context(), merge.Request{CandidateID: c.ID, SurvivorID: survivor, MergedID: other, Fill: true, Meta: meta})
	default:
		return apperr.New(apperr.Invalid, "unknown decision")
	}
	if err != nil {
		return err
	}
	if err := s.disclose(r.Context(), v, "POST /cleaning/duplicates/{id}", actDecide, []string{c.LeftID, c.RightID}); err != nil {
		return err
	}
	http.Redirect(w, r, "/cleaning", http.StatusSeeOther)
	return nil
}
