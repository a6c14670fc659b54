package idp

import (
	"context"
	"slices"
)

// ScopeCredential lets the citizen's wallet fetch their căn cước điện
// tử, bound to the wallet's key (the API's wallet route).
const ScopeCredential = "cccd_credential"

// Access is what a resource server learns from a live access token.
type Access struct {
	CitizenID, ClientID string
	Level               int
}

// ResourceAccess checks an access token presented at a resource server
// under scheme ("Bearer" or "DPoP", with the proof's key thumbprint jkt):
// live, not revoked, of an active relying party and a usable account,
// bound to the proof's key when DPoP-bound, and granted scope.
func (s *Service) ResourceAccess(ctx context.Context, token, scheme, jkt, scope string) (Access, error) {
	t, err := s.liveAccess(ctx, token)
	if err != nil {
		return Access{}, err
	}
	if t.JKT != "" && (scheme != "DPoP" || jkt != t.JKT) {
		return Access{}, refuse(ErrInvalidToken, "this access token is DPoP-bound: present it with a DPoP proof of its key")
	}
	if _, err := s.ActiveClient(ctx, t.ClientID); err != nil {
		return Access{}, refuse(ErrInvalidToken, "the relying party was revoked")
	}
	if err := s.cfg.Accounts.Usable(ctx, t.AccountID); err != nil {
		return Access{}, refuse(ErrInvalidToken, "this VNeID account is suspended or expired")
	}
	if !slices.Contains(t.Scopes, scope) {
		return Access{}, refuse(ErrInsufficientScope, "this access token was not granted the %s scope", scope)
	}
	return Access{CitizenID: t.CitizenID, ClientID: t.ClientID, Level: t.Level}, nil
}
