package api

import (
	"net/http"
	"strconv"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// auditRoutes are the audit log's endpoints: the auditors' query and the
// citizen's data tracker, appended to the route table.
func (s *server) auditRoutes() []route {
	return []route{
		{method: "GET", path: "/api/v1/audit/entries", h: s.auditEntries},
		{method: "GET", path: "/api/v1/me/accesses", citizen: true, h: s.asCitizen(s.myAccesses)},
	}
}

// auditReader is the log's query side: the store that also holds it.
func (s *server) auditReader() (audit.Reader, error) {
	if s.auditLog == nil {
		return nil, apperr.New(apperr.NotFound, "the audit log is not readable on this server")
	}
	return s.auditLog, nil
}

// auditPage is one page of results, newest first; pass next_before as
// ?before= for the next page.
type auditPage[T any] struct {
	Items      []T   `json:"items"`
	NextBefore int64 `json:"next_before,omitempty"`
}

// auditZone is the fixed UTC+7 zone in which a bare date is read.
var auditZone = time.FixedZone("ICT", 7*3600)

// pageParams reads ?before= and ?limit= (1–500, default 50).
func pageParams(r *http.Request) (before int64, limit int, err error) {
	q := r.URL.Query()
	var bad []apperr.FieldError
	if v := q.Get("before"); v != "" {
		if before, err = strconv.ParseInt(v, 10, 64); err != nil || before < 1 {
			bad = append(bad, apperr.FieldError{Field: "before", Reason: "a sequence number from next_before"})
		}
	}
	limit = 50
	if v := q.Get("limit"); v != "" {
		if limit, err = strconv.Atoi(v); err != nil || limit < 1 || limit > 500 {
			bad = append(bad, apperr.FieldError{Field: "limit", Reason: "between 1 and 500"})
		}
	}
	if len(bad) > 0 {
		return 0, 0, apperr.WithFields("invalid paging", bad...)
	}
	return before, limit, nil
}

// timeParam reads an RFC 3339 time or a YYYY-MM-DD date (midnight in
// Vietnam).
func timeParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, v); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation(time.DateOnly, v, auditZone); err == nil {
		return t, nil
	}
	return time.Time{}, apperr.WithFields("invalid time", apperr.FieldError{Field: name, Reason: "use RFC 3339 or YYYY-MM-DD"})
}

// nextBefore is the cursor after a full page.
func nextBefore(recs []audit.Record, limit int) int64 {
	if len(recs) < limit || len(recs) == 0 {
		return 0
	}
	return recs[len(recs)-1].Seq
}
