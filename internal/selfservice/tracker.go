package selfservice

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
)

// MaxAccesses is the tracker lines of a page when the caller names no
// other size (the portal's page).
const MaxAccesses = 100

// MaxAccessesPage is the most tracker lines one page may hold (the API's
// ?limit=).
const MaxAccessesPage = 500

// AccessPage is one page of the data tracker, newest first; NextBefore
// continues it (0: no more).
type AccessPage struct {
	Items      []audit.Access
	NextBefore int64
}

// Accesses is the citizen's data tracker: who accessed their data, when,
// why and which fields. Legally confidential accesses (an investigation
// body's) are left out; offices are named, never officers' accounts
// (audit.Describe). The view is itself recorded. It is the one home of
// the tracker: the portal's page and the API's GET /me/accesses call it.
func (s *Service) Accesses(ctx context.Context, c auth.Citizen, before int64, limit int, trail audit.Entry) (AccessPage, error) {
	if err := c.Check(); err != nil {
		return AccessPage{}, err
	}
	return s.accesses(ctx, c, before, limit, trail)
}

// AccessesByToken is the tracker for a citizen token (the API's
// GET /me/accesses): the token names the record, not a VNeID account.
func (s *Service) AccessesByToken(ctx context.Context, citizenID string, before int64, limit int, trail audit.Entry) (AccessPage, error) {
	if citizenID == "" || len(citizenID) > 64 {
		return AccessPage{}, apperr.New(apperr.Unauthenticated, "this resource needs a citizen token")
	}
	return s.accesses(ctx, auth.Citizen{CitizenID: citizenID}, before, limit, trail)
}

func (s *Service) accesses(ctx context.Context, c auth.Citizen, before int64, limit int, trail audit.Entry) (AccessPage, error) {
	if limit <= 0 || limit > MaxAccessesPage {
		limit = MaxAccesses
	}
	recs, err := s.cfg.Log.AuditEntries(ctx, audit.Filter{CitizenID: c.CitizenID, WithoutConfidential: true, Before: before, Limit: limit + 1})
	if err != nil {
		return AccessPage{}, err
	}
	var page AccessPage
	if len(recs) > limit {
		recs = recs[:limit]
		page.NextBefore = recs[limit-1].Seq
	}
	page.Items = make([]audit.Access, 0, len(recs))
	for _, rec := range recs {
		if rec.Entry.Confidential { // the store filters; never trust one filter with the law
			continue
		}
		page.Items = append(page.Items, audit.AccessOf(rec.Entry, s.unitName))
	}
	trail.Purpose = "tra cứu lịch sử khai thác dữ liệu của bản thân"
	if err := s.disclose(ctx, c, trail, ActionTracker, []string{c.CitizenID}); err != nil {
		return AccessPage{}, err
	}
	return page, nil
}

// unitName names a unit of the current list with its type.
func (s *Service) unitName(code string) string {
	if u, ok := s.cfg.Units.Lookup(auth.UnitList, code); ok {
		return u.FullName
	}
	return ""
}
