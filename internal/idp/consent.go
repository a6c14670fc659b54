package idp

import (
	"context"
	"slices"

	"dancu/internal/apperr"
)

// NeedsConsent reports whether the citizen logged in to request r must
// still consent: no standing consent of theirs covers every scope asked.
func (s *Service) NeedsConsent(ctx context.Context, r AuthRequest) (bool, error) {
	if r.Principal == nil {
		return false, refuse(ErrLoginRequired, "not logged in")
	}
	if slices.Contains(r.Prompt, "consent") {
		return true, nil
	}
	c, err := s.cfg.Store.Consent(ctx, r.Principal.CitizenID, r.ClientID)
	if apperr.Is(err, apperr.NotFound) {
		return true, nil
	}
	if err != nil {
		return false, err
	}
	if c.WithdrawnAt != nil {
		return true, nil
	}
	for _, sc := range r.Scopes {
		if !slices.Contains(c.Scopes, sc) {
			return true, nil
		}
	}
	return false, nil
}

// Approve records the citizen's consent to request r's scopes (added to
// what they consented to before) and issues the authorization code.
func (s *Service) Approve(ctx context.Context, reqID string) (code string, r AuthRequest, err error) {
	r, ok := s.Request(reqID)
	if !ok || r.Principal == nil {
		return "", r, refuse(ErrInvalidRequest, "the login request expired; start again from the service")
	}
	scopes := slices.Clone(r.Scopes)
	if old, err := s.cfg.Store.Consent(ctx, r.Principal.CitizenID, r.ClientID); err == nil && old.WithdrawnAt == nil {
		for _, sc := range old.Scopes {
			if !slices.Contains(scopes, sc) {
				scopes = append(scopes, sc)
			}
		}
	}
	err = s.cfg.Store.PutConsent(ctx, Consent{CitizenID: r.Principal.CitizenID, ClientID: r.ClientID, Scopes: scopes, GrantedAt: s.cfg.Now().UTC()})
	if err != nil {
		return "", r, err
	}
	return s.IssueCode(ctx, reqID)
}

// IssueCode ends pending request reqID, whose citizen is logged in and has
// consented, with a single-use authorization code.
func (s *Service) IssueCode(ctx context.Context, reqID string) (string, AuthRequest, error) {
	now := s.cfg.Now()
	r, ok := s.pending.takeRequest(reqID, now)
	if !ok || r.Principal == nil {
		return "", r, refuse(ErrInvalidRequest, "the login request expired; start again from the service")
	}
	code := randomID()
	if !s.pending.putCode(code, &grantCode{req: r, grantID: randomID(), expiresAt: now.Add(s.cfg.CodeTTL)}, now) {
		return "", r, refuse("temporarily_unavailable", "too many pending codes; try again shortly")
	}
	return code, r, nil
}

// ConsentView is one standing consent as the citizen's portal shows it.
type ConsentView struct {
	Consent
	ClientName string  `json:"client_name"`
	Scopes     []Scope `json:"scope_details"`
}

// Consents lists the relying parties citizenID consented to (the portal's
// "connected services"), withdrawn ones included.
func (s *Service) Consents(ctx context.Context, citizenID string) ([]ConsentView, error) {
	list, err := s.cfg.Store.Consents(ctx, citizenID)
	if err != nil {
		return nil, err
	}
	out := make([]ConsentView, 0, len(list))
	for _, c := range list {
		v := ConsentView{Consent: c, ClientName: c.ClientID}
		if cl, err := s.Client(ctx, c.ClientID); err == nil {
			v.ClientName = cl.Name
		}
		for _, name := range c.Scopes {
			if sc, ok := LookupScope(name); ok {
				v.Scopes = append(v.Scopes, sc)
			}
		}
		out = append(out, v)
	}
	return out, nil
}

// WithdrawConsent withdraws citizenID's consent to clientID and revokes
// every token the relying party holds for them, in one transaction; the
// next login asks again.
func (s *Service) WithdrawConsent(ctx context.Context, citizenID, clientID string) error {
	now := s.cfg.Now().UTC()
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.WithdrawConsent(ctx, citizenID, clientID, now); err != nil {
			return err
		}
		return s.cfg.Store.RevokeCitizenTokens(ctx, citizenID, clientID, now)
	})
	if err == nil {
		s.revocations.add(CitizenClientRevocation(citizenID, clientID), now)
	}
	return err
}
