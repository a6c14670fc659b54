package api

import (
	"net/http"
	"strconv"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/issuance"
)

// createApplication serves POST /applications: a citizen's record is
// received at a station.
func (s *server) createApplication(w http.ResponseWriter, r *http.Request, c *call) error {
	var req issuance.NewApplication
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := svc.Apply(r.Context(), c.user, req)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actApplicationW, []string{a.CitizenID}, a)
}

// listApplications serves GET /applications?state=&station_id=&late=DAY&unit=&limit=&cursor=.
// With late, each item carries its working days overdue. A page ends with
// next_cursor while more applications follow.
func (s *server) listApplications(w http.ResponseWriter, r *http.Request, c *call) error {
	q := r.URL.Query()
	f := issuance.Filter{Scope: q.Get("unit"), StationID: q.Get("station_id")}
	if v := q.Get("state"); v != "" {
		st, ok := issuance.ParseState(v)
		if !ok {
			return apperr.WithFields("invalid state", apperr.FieldError{Field: "state", Reason: "unknown state"})
		}
		f.State = st
	}
	if v := q.Get("limit"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > issuance.MaxPage {
			return apperr.WithFields("invalid limit", apperr.FieldError{Field: "limit", Reason: "1 to " + strconv.Itoa(issuance.MaxPage)})
		}
		f.Limit = n
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	if q.Has("late") {
		day, err := s.dayParam(r, "late")
		if err != nil {
			return err
		}
		return s.listLate(w, r, c, svc, f, day)
	}
	page, err := svc.ApplicationsPage(r.Context(), c.user, f, q.Get("cursor"))
	if err != nil {
		return err
	}
	ids := make([]string, len(page.Items))
	for i, a := range page.Items {
		ids[i] = a.CitizenID
	}
	return s.disclose(w, r, c, actApplications, ids, page)
}

func (s *server) listLate(w http.ResponseWriter, r *http.Request, c *call, svc *issuance.Service, f issuance.Filter, day time.Time) error {
	if f.Scope != "" || f.State != "" || f.StationID != "" {
		return apperr.New(apperr.Invalid, "late combines with limit and cursor only")
	}
	page, err := svc.LatePageOn(r.Context(), c.user, day, f.Limit, r.URL.Query().Get("cursor"))
	if err != nil {
		return err
	}
	ids := make([]string, len(page.Items))
	for i, a := range page.Items {
		ids[i] = a.CitizenID
	}
	return s.disclose(w, r, c, actApplications, ids, page)
}

type applicationResponse struct {
	issuance.Application
	Next        []issuance.State      `json:"next_states"`
	Transitions []issuance.Transition `json:"transitions"`
}

// getApplication serves GET /applications/{id} with its history.
func (s *server) getApplication(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := svc.Application(r.Context(), c.user, r.PathValue("id"))
	if err != nil {
		return err
	}
	hist, err := svc.History(r.Context(), c.user, a.ID)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actApplication, []string{a.CitizenID},
		applicationResponse{Application: a, Next: issuance.Next(a.State), Transitions: hist})
}

type transitionRequest struct {
	To               issuance.State `json:"to"`
	Reason           string         `json:"reason"`
	Version          int            `json:"version"`
	CitizenConfirmed bool           `json:"citizen_confirmed"`
	Card             *struct {
		IssueDate  jsonDay  `json:"issue_date"`
		ExpiryDate *jsonDay `json:"expiry_date"`
	} `json:"card"`
}

// transitionApplication serves POST /applications/{id}/transitions.
func (s *server) transitionApplication(w http.ResponseWriter, r *http.Request, c *call) error {
	var req transitionRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Version < 1 {
		return apperr.WithFields("invalid transition", apperr.FieldError{Field: "version", Reason: "the version you read is required"})
	}
	m := issuance.Move{ApplicationID: r.PathValue("id"), Version: req.Version, To: req.To, Reason: req.Reason,
		CitizenConfirmed: req.CitizenConfirmed}
	if req.Card != nil {
		m.Card = &issuance.ProducedCard{IssueDate: req.Card.IssueDate.Time}
		if req.Card.ExpiryDate != nil {
			m.Card.ExpiryDate = &req.Card.ExpiryDate.Time
		}
	}
	svc, err := s.issuance()
	if err != nil {
		return err
	}
	a, err := svc.Transition(r.Context(), c.user, m)
	if err != nil {
		return err
	}
	return s.disclose(w, r, c, actApplicationW, []string{a.CitizenID}, a)
}
