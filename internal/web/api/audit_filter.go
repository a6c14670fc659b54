package api

import (
	"net/http"

	"dancu/internal/audit"
)

// auditFilter reads the auditors' query parameters.
func auditFilter(r *http.Request) (audit.Filter, error) {
	q := r.URL.Query()
	f := audit.Filter{CitizenID: q.Get("citizen_id"), UserID: q.Get("user_id"), AgencyID: q.Get("agency_id")}
	var err error
	if f.Before, f.Limit, err = pageParams(r); err != nil {
		return f, err
	}
	if f.From, err = timeParam(r, "from"); err != nil {
		return f, err
	}
	f.To, err = timeParam(r, "to")
	return f, err
}
