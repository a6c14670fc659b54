package ui

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// NextF and NextC lead to the following page of each list ("" on the
	// last page): neither list stops silently at its page size.
	NextF, NextC string
}

// cleaningPageSize is the rows of each list on one page; maxCleaningOffset
// bounds how deep a list pages (the store pages by offset), past which the
// officer narrows the list by severity or works through the queue.
const (
	cleaningPageSize  = 50
	maxCleaningOffset = 10000
)

// offsetParam reads a page offset from the query: a multiple of the page
// size within bounds, else the first page.
func offsetParam(r *http.Request, name string) int {
	n, err := strconv.Atoi(r.URL.Query().Get(name))
	if err != nil || n < 0 || n > maxCleaningOffset || n%cleaningPageSize != 0 {
		return 0
	}
	return n
}

// cleaningURL is the cleaning page with its filter and both offsets.
func cleaningURL(severity string, dup, find int) string {
	v := url.Values{}
	if severity != "" {
		v.Set("severity", severity)
	}
	if dup > 0 {
		v.Set("dup", strconv.Itoa(dup))
	}
	if find > 0 {
		v.Set("find", strconv.Itoa(find))
	}
	if len(v) == 0 {
		return "/cleaning"
	}
	return "/cleaning?" + v.Encode()
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
	dupAt, findAt := offsetParam(r, "dup"), offsetParam(r, "find")
	if qs := s.quality; qs != nil {
		d.HasQuality = true
		page, err := qs.Findings(ctx, quality.FindingQuery{Unit: v.User.Scope(), Severity: d.Severity, Limit: cleaningPageSize, Offset: findAt})
		if err != nil {
			return err
		}
		d.Findings, d.MoreF = page.Items, page.More
		if d.MoreF && findAt+cleaningPageSize <= maxCleaningOffset {
			d.NextF = cleaningURL(d.Severity, dupAt, findAt+cleaningPageSize)
		}
		for _, f := range page.Items {
			ids = append(ids, f.CitizenID)
		}
	}
	if s.review != nil {
		d.HasReview = true
		items, more, err := s.review.List(ctx, v.User, merge.Query{Limit: cleaningPageSize, Offset: dupAt})
		if err != nil {
			return err
		}
		d.Candidates, d.MoreC = items, more
		if more && dupAt+cleaningPageSize <= maxCleaningOffset {
			d.NextC = cleaningURL(d.Severity, dupAt+cleaningPageSize, findAt)
		}
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

// pairFor reads a queue entry both of whose records the user sees now
// (the review service checks their current residence).
func (s *server) pairFor(r *http.Request, v *view) (merge.Pair, error) {
	if s.review == nil {
		return merge.Pair{}, apperr.New(apperr.NotFound, "no duplicate review here")
	}
	p, err := s.review.Get(r.Context(), v.User, r.PathValue("id"))
	return p, localized(v, err)
}

// localized shows a jurisdiction refusal in the user's language.
func localized(v *view, err error) error {
	if apperr.CodeOf(err) == apperr.Forbidden {
		return apperr.New(apperr.Forbidden, "%s", v.T("error.jurisdiction"))
	}
	return err
}

// duplicatePage shows a candidate pair side by side, differing fields
// marked, with the merge and "not the same person" actions.
func (s *server) duplicatePage(w http.ResponseWriter, r *http.Request, v *view) error {
	p, err := s.pairFor(r, v)
	if err != nil {
		return err
	}
	return s.showPair(w, r, v, p, http.StatusOK, "")
}

func (s *server) showPair(w http.ResponseWriter, r *http.Request, v *view, p merge.Pair, status int, msg string) error {
	ctx := r.Context()
	left, right := p.Left, p.Right
	d := pairData{SideBySide: p.SideBySide(), Decided: p.Candidate.Status != merge.Open, Error: msg}
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
	p, err := s.pairFor(r, v)
	if err != nil {
		return err
	}
	reason := r.PostFormValue("reason")
	if len(strings.TrimSpace(reason)) == 0 {
		return s.showPair(w, r, v, p, http.StatusUnprocessableEntity, v.T("edit.err.reason"))
	}
	meta, id := mergeMeta(v, reason), p.Candidate.ID
	switch r.PostFormValue("decision") {
	case "not_same":
		_, err = s.review.NotSame(r.Context(), v.User, id, meta)
	case "merge_left":
		_, err = s.review.Merge(r.Context(), v.User, id, p.Candidate.LeftID, true, meta)
	case "merge_right":
		_, err = s.review.Merge(r.Context(), v.User, id, p.Candidate.RightID, true, meta)
	default:
		return apperr.New(apperr.Invalid, "unknown decision")
	}
	if err != nil {
		return localized(v, err)
	}
	if err := s.disclose(r.Context(), v, "POST /cleaning/duplicates/{id}", actDecide, p.IDs()); err != nil {
		return err
	}
	http.Redirect(w, r, "/cleaning", http.StatusSeeOther)
	return nil
}
