package selfservice

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/idp"
)

// ActionConsentWithdraw is the audited withdrawal of a consent.
const ActionConsentWithdraw = "consent.withdraw"

// OwnConsents lists the relying parties the citizen consented to share
// data with (withdrawn ones included).
func (s *Service) OwnConsents(ctx context.Context, c auth.Citizen) ([]idp.ConsentView, error) {
	if err := c.Check(); err != nil {
		return nil, err
	}
	if s.cfg.Consents == nil {
		return nil, nil
	}
	return s.cfg.Consents.Consents(ctx, c.CitizenID)
}

// WithdrawConsent withdraws the citizen's own consent to a relying party:
// its tokens are revoked and its next login asks again. The withdrawal is
// recorded in the citizen's tracker.
func (s *Service) WithdrawConsent(ctx context.Context, c auth.Citizen, clientID string, trail audit.Entry) error {
	if err := c.Check(); err != nil {
		return err
	}
	if s.cfg.Consents == nil || clientID == "" || len(clientID) > 128 {
		return apperr.New(apperr.NotFound, "no such consent")
	}
	if err := s.cfg.Consents.WithdrawConsent(ctx, c.CitizenID, clientID); err != nil {
		return err
	}
	trail.AgencyID, trail.Purpose = "", "công dân rút lại sự đồng ý chia sẻ dữ liệu với "+clientID
	return s.disclose(ctx, c, trail, ActionConsentWithdraw, []string{c.CitizenID})
}
