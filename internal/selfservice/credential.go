package selfservice

import (
	"context"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/auth"
	"dancu/internal/credential"
)

// QRSize is the side of the credential's QR code, in pixels.
const QRSize = 360

// Credential is the citizen's căn cước điện tử (issued on first view),
// for a level-2 account only (NĐ 69/2024); the credential service audits
// the disclosure.
func (s *Service) Credential(ctx context.Context, c auth.Citizen, trail audit.Entry) (credential.Held, error) {
	if err := s.credentialAllowed(c); err != nil {
		return credential.Held{}, err
	}
	return s.cfg.Credentials.ForCitizen(ctx, actor(c, trail), c.CitizenID)
}

// CredentialQR presents the chosen claims of the citizen's credential as
// a QR code (PNG); the photo does not fit and is refused.
func (s *Service) CredentialQR(ctx context.Context, c auth.Citizen, names []string, trail audit.Entry) ([]byte, error) {
	if err := s.credentialAllowed(c); err != nil {
		return nil, err
	}
	png, _, err := s.cfg.Credentials.QR(ctx, actor(c, trail), c.CitizenID, names, QRSize)
	return png, err
}

// CredentialLink makes a short-lived presentation link of the chosen
// claims (the photo allowed) and returns its URL.
func (s *Service) CredentialLink(ctx context.Context, c auth.Citizen, names []string, trail audit.Entry) (string, credential.Link, error) {
	if err := s.credentialAllowed(c); err != nil {
		return "", credential.Link{}, err
	}
	l, err := s.cfg.Credentials.CreateLink(ctx, actor(c, trail), c.CitizenID, names)
	if err != nil {
		return "", l, err
	}
	return s.cfg.Credentials.LinkAudience() + "/" + l.Token, l, nil
}

func (s *Service) credentialAllowed(c auth.Citizen) error {
	if err := c.NeedLevel2("the căn cước điện tử"); err != nil {
		return err
	}
	if s.cfg.Credentials == nil {
		return apperr.New(apperr.NotFound, "the căn cước điện tử is not offered on this server")
	}
	return nil
}

// actor is the citizen as the credential service records them.
func actor(c auth.Citizen, trail audit.Entry) credential.Actor {
	return credential.Actor{UserID: c.AccountID, Role: audit.RoleCitizen, RequestID: trail.RequestID, Route: trail.Route}
}
