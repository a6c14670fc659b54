package ui

import (
	"context"
	"errors"

	"dancu/internal/apperr"
	"dancu/internal/audit"
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
	actHousehold  = "household.members"
)

// trail is the audit entry's who and where for a use case that records
// its own entry (a write, inside its transaction).
func (s *server) trail(v *view, route string) audit.Entry {
	return audit.Entry{RequestID: v.id, UserID: v.User.ID, Username: v.User.Username,
		Role: string(v.User.Role), Unit: v.User.Unit, Route: "UI " + route, Confidential: v.User.Role.Confidential()}
}

// disclose records that the page about to be rendered shows the personal
// data of ids. It runs before any byte is written: if recording fails,
// the page is not shown.
func (s *server) disclose(ctx context.Context, v *view, route, action string, ids []string, fields ...string) error {
	e := s.trail(v, route)
	e.Time, e.Action, e.CitizenIDs, e.Result, e.Fields = s.auth.Now().UTC(), action, ids, "ok", fields
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
	e := s.trail(v, route)
	e.Time, e.Action, e.CitizenIDs, e.Result = s.auth.Now().UTC(), audit.ActionDenied, ids, audit.ResultDenied
	if err := s.audit.Record(ctx, e); err != nil {
		s.log.Error("record refused attempt", "request_id", v.id, "route", route, "err", err)
	}
}
