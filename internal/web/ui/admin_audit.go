package ui

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/audit"
)

// Administration actions recorded in the audit log, so that who changed
// an account or a partner's access can be answered later.
const (
	actUserDisable   = "user.disable"
	actUserEnable    = "user.enable"
	actUserReset     = "user.reset_password"
	actAgencyCreate  = "agency.create"
	actAgencySuspend = "agency.suspend"
	actAgencyResume  = "agency.reinstate"
	actUserCreate    = "user.create"
	actQuotaSet      = "quota.set"
	actStationCreate = "station.create"
)

// recordAdmin records an administration action on route (which names the
// account or the agency; never a password or a secret).
func (s *server) recordAdmin(ctx context.Context, v *view, route, action, agency string) error {
	e := audit.Entry{Time: s.auth.Now().UTC(), RequestID: v.id, UserID: v.User.ID, Username: v.User.Username,
		Role: string(v.User.Role), Unit: v.User.Unit, Action: action, Route: "UI " + route, CitizenIDs: []string{},
		AgencyID: agency, Result: "ok"}
	if err := s.audit.Record(ctx, e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return nil
}
