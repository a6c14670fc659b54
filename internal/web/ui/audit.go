package ui

import (
	"context"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/web/api"
)

// Audited actions; the same names as the API's, so one audit query shows
// a citizen's disclosures whichever door they went through.
const (
	actRead       = "citizen.read"
	actLookup     = "citizen.lookup"
	actSearch     = "citizen.search"
	actUpdate     = "citizen.update"
	actFindings   = "quality.findings"
	actDuplicates = "duplicate.list"
	actDuplicate  = "duplicate.read"
	actDecide     = "duplicate.decide"
	actApps       = "application.list"
	actApp        = "application.read"
	actAppWrite   = "application.write"
	actAppt       = "appointment.write"
)

// disclose records that the page about to be rendered shows the personal
// data of ids. It runs before any byte is written: if recording fails,
// the page is not shown.
func (s *server) disclose(ctx context.Context, v *view, route, action string, ids []string, fields ...string) error {
	e := api.AuditEntry{Time: s.auth.Now().UTC(), RequestID: v.id, UserID: v.User.ID, Username: v.User.Username,
		Role: string(v.User.Role), Unit: v.User.Unit, Action: action, Route: "UI " + route, CitizenIDs: ids,
		Result: "ok", Fields: fields, Confidential: v.User.Role.Confidential()}
	if err := s.audit.Record(ctx, e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return nil
}

// recordDenial records an officer's refused attempt (403) on route, naming
// the citizens when the refusal does (audit.DeniedCitizens). A refusal
// discloses nothing, so a failure to record it is logged, not shown.
func (s *server) recordDenial(ctx context.Context, v *view, route string, err error) {
	if apperr.CodeOf(err) != apperr.Forbidden || !v.Authed {
		return
	}
	var ids audit.DeniedCitizens
	errors.As(err, &ids)
	e := api.AuditEntry{Time: s.auth.Now().UTC(), RequestID: v.id, UserID: v.User.ID, Username: v.User.Username,
		Role: string(v.User.Role), Unit: v.User.Unit, Action: audit.ActionDenied, Route: "UI " + route, CitizenIDs: ids,
		Result: audit.ResultDenied, Confidential: v.User.Role.Confidential()}
	if err := s.audit.Record(ctx, e); err != nil {
		s.log.Error("record refused attempt", "request_id", v.id, "route", route, "err", err)
	}
}
