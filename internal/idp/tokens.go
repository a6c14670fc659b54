package idp

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"slices"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// Exchange is a token request with an authorization code, from an
// authenticated client.
type Exchange struct {
	Client       Client
	Code         string
	RedirectURI  string
	CodeVerifier string
	// JKT is the thumbprint of the key of a valid DPoP proof sent with
	// the request ("" without one).
	JKT    string
	Issuer string
}

// TokenSet is a token response.
type TokenSet struct {
	AccessToken  string
	TokenType    string // Bearer or DPoP
	RefreshToken string
	IDToken      string
	ExpiresIn    time.Duration
	Scopes       []string
}

// Redeem exchanges an authorization code for tokens (RFC 6749 §4.1.3) with
// PKCE (RFC 7636) and, for a DPoP-bound request or a FAPI client, a DPoP
// proof of the bound key. A replayed code revokes what the first use issued
// (RFC 6749 §4.1.2).
func (s *Service) Redeem(ctx context.Context, x Exchange) (TokenSet, error) {
	now := s.cfg.Now()
	g, ok, replayed := s.pending.useCode(x.Code, now)
	if replayed {
		_ = s.revokeGrant(ctx, g.grantID) // best effort: the refusal stands either way
		return TokenSet{}, refuse(ErrInvalidGrant, "authorization code already used")
	}
	if !ok || g.req.ClientID != x.Client.ID {
		return TokenSet{}, refuse(ErrInvalidGrant, "authorization code unknown, expired or issued to another client")
	}
	r := g.req
	if x.RedirectURI != r.RedirectURI {
		return TokenSet{}, refuse(ErrInvalidGrant, "redirect_uri differs from the authorization request")
	}
	if !verifyPKCE(r.CodeChallenge, x.CodeVerifier) {
		return TokenSet{}, refuse(ErrInvalidGrant, "PKCE code_verifier missing or wrong")
	}
	if r.DPoPJKT != "" && x.JKT != r.DPoPJKT {
		return TokenSet{}, refuse(ErrInvalidDPoPProof, "the DPoP proof is not signed by the key the authorization request was bound to")
	}
	if x.Client.FAPI && x.JKT == "" {
		return TokenSet{}, refuse(ErrInvalidDPoPProof, "FAPI 2.0: a DPoP proof is required")
	}
	p := *r.Principal
	t := Token{GrantID: g.grantID, ClientID: x.Client.ID, CitizenID: p.CitizenID, AccountID: p.AccountID,
		Scopes: r.Scopes, Level: p.Level, AuthTime: p.AuthTime, JKT: x.JKT}
	return s.issue(ctx, x.Client, t, idTokenInput{issuer: x.Issuer, nonce: r.Nonce, amr: p.Methods}, "oidc.token")
}

// verifyPKCE checks an S256 code verifier (RFC 7636 §4.1: 43-128 characters).
func verifyPKCE(challenge, verifier string) bool {
	if len(verifier) < 43 || len(verifier) > 128 {
		return false
	}
	sum := sha256.Sum256([]byte(verifier))
	got := base64.RawURLEncoding.EncodeToString(sum[:])
	return subtle.ConstantTimeCompare([]byte(got), []byte(challenge)) == 1
}

// Refresh exchanges a refresh token for new tokens, rotating it (the old
// one is revoked). A DPoP-bound refresh token needs a proof of its key.
func (s *Service) Refresh(ctx context.Context, c Client, refreshToken, jkt, issuer string) (TokenSet, error) {
	old, err := s.liveToken(ctx, refreshToken, KindRefresh)
	if err != nil || old.ClientID != c.ID {
		return TokenSet{}, refuse(ErrInvalidGrant, "refresh token unknown, expired, revoked or issued to another client")
	}
	if old.JKT != "" && jkt != old.JKT {
		return TokenSet{}, refuse(ErrInvalidDPoPProof, "the DPoP proof is not signed by the key the refresh token is bound to")
	}
	if c.FAPI && jkt == "" {
		return TokenSet{}, refuse(ErrInvalidDPoPProof, "FAPI 2.0: a DPoP proof is required")
	}
	if err := s.cfg.Accounts.Usable(ctx, old.AccountID); err != nil {
		return TokenSet{}, refuse(ErrInvalidGrant, "this VNeID account is suspended or expired")
	}
	now := s.cfg.Now().UTC()
	// Rotation: the old refresh token dies; its access token runs out.
	if err := s.cfg.Store.RevokeToken(ctx, old.Hash, now); err != nil {
		return TokenSet{}, err
	}
	t := old
	t.JKT = jkt
	if old.JKT != "" {
		t.JKT = old.JKT
	}
	return s.issue(ctx, c, t, idTokenInput{issuer: issuer}, "oidc.refresh")
}

// liveToken finds a live token of kind by its value.
func (s *Service) liveToken(ctx context.Context, value, kind string) (Token, error) {
	if len(value) > 128 {
		return Token{}, apperr.New(apperr.NotFound, "no such token")
	}
	t, err := s.cfg.Store.Token(ctx, share.HashToken(value))
	if err != nil {
		return t, err
	}
	if t.Kind != kind || !t.Live(s.cfg.Now()) {
		return t, apperr.New(apperr.NotFound, "no such token")
	}
	return t, nil
}

// issue reads the claims, signs the ID token, stores the new access (and,
// with offline_access, refresh) token, and records what was released; the
// response goes out only after the audit entry is durable.
func (s *Service) issue(ctx context.Context, c Client, t Token, in idTokenInput, action string) (TokenSet, error) {
	// The account was usable when the citizen logged in (attach) or the
	// refresh token was presented (Refresh); a withdrawal since then
	// revoked its tokens (AccountWithdrawn), which the index holds.
	withdrawn, err := s.revoked(ctx, t.AuthTime, AccountRevocation(t.CitizenID))
	if err != nil {
		return TokenSet{}, err
	}
	if withdrawn {
		return TokenSet{}, refuse(ErrInvalidGrant, "this VNeID account is suspended or expired")
	}
	citizen, err := s.citizen(ctx, t.CitizenID)
	if err != nil {
		return TokenSet{}, err
	}
	claims := Claims(citizen, t.Scopes, t.Level, s.cfg.UnitName)
	now := s.cfg.Now().UTC()
	in.client, in.sub, in.level, in.authTime, in.claims, in.now = c.ID, s.cfg.Keys.Subject(c.ID, t.CitizenID), t.Level, t.AuthTime, claims, now
	idToken, err := s.signIDToken(in)
	if err != nil {
		return TokenSet{}, err
	}
	t.IssuedAt, t.RevokedAt = now, nil
	access := t
	access.Kind, access.ExpiresAt = KindAccess, now.Add(s.cfg.AccessTTL)
	out := TokenSet{AccessToken: s.cfg.Keys.sealAccess(access), TokenType: "Bearer", IDToken: idToken, ExpiresIn: s.cfg.AccessTTL, Scopes: t.Scopes}
	if t.JKT != "" {
		out.TokenType = "DPoP"
	}
	if slices.Contains(t.Scopes, ScopeOffline) {
		out.RefreshToken = randomID()
		refresh := t
		refresh.Kind, refresh.Hash, refresh.ExpiresAt = KindRefresh, share.HashToken(out.RefreshToken), now.Add(s.cfg.RefreshTTL)
		if err := s.cfg.Store.PutTokens(ctx, refresh); err != nil {
			return TokenSet{}, err
		}
	}
	if err := s.record(ctx, c, t, claims, action); err != nil {
		return TokenSet{}, err
	}
	return out, nil
}

// UserInfo answers the userinfo endpoint for an access token presented
// under scheme ("Bearer" or "DPoP", with the proof's key thumbprint jkt).
func (s *Service) UserInfo(ctx context.Context, accessToken, scheme, jkt string) (map[string]any, error) {
	t, err := s.liveAccess(ctx, accessToken)
	if err != nil {
		return nil, err
	}
	if t.JKT != "" && (scheme != "DPoP" || jkt != t.JKT) {
		return nil, refuse(ErrInvalidToken, "this access token is DPoP-bound: present it with a DPoP proof of its key")
	}
	c, err := s.ActiveClient(ctx, t.ClientID)
	if err != nil {
		return nil, refuse(ErrInvalidToken, "the relying party was revoked")
	}
	citizen, err := s.citizen(ctx, t.CitizenID)
	if err != nil {
		return nil, err
	}
	claims := Claims(citizen, t.Scopes, t.Level, s.cfg.UnitName)
	if err := s.record(ctx, c, t, claims, "oidc.userinfo"); err != nil {
		return nil, err
	}
	claims["sub"] = s.cfg.Keys.Subject(c.ID, t.CitizenID)
	return claims, nil
}

// liveAccess opens an access token that is neither expired nor revoked.
func (s *Service) liveAccess(ctx context.Context, token string) (Token, error) {
	bad := refuse(ErrInvalidToken, "access token unknown, expired or revoked")
	t, err := s.cfg.Keys.openAccess(token)
	if err != nil || !t.Live(s.cfg.Now()) {
		return t, bad
	}
	// A suspended or revoked account's tokens were revoked with the change
	// (AccountWithdrawn), so this also refuses them.
	revoked, err := s.revokedAccess(ctx, t)
	if err != nil {
		return t, err
	}
	if revoked {
		return t, bad
	}
	return t, nil
}

// Revoke revokes a token of client c and the grant it belongs to (RFC 7009:
// an unknown token is not an error).
func (s *Service) Revoke(ctx context.Context, c Client, token string) error {
	if at, err := s.cfg.Keys.openAccess(token); err == nil {
		if at.ClientID != c.ID {
			return nil
		}
		return s.revokeGrant(ctx, at.GrantID)
	}
	t, err := s.cfg.Store.Token(ctx, share.HashToken(token))
	if apperr.Is(err, apperr.NotFound) || (err == nil && t.ClientID != c.ID) {
		return nil
	}
	if err != nil {
		return err
	}
	return s.revokeGrant(ctx, t.GrantID)
}

// revokeGrant revokes a grant's tokens, for userinfo on this server at
// once.
func (s *Service) revokeGrant(ctx context.Context, grantID string) error {
	now := s.cfg.Now().UTC()
	if err := s.cfg.Store.RevokeGrant(ctx, grantID, now); err != nil {
		return err
	}
	s.revocations.add(GrantRevocation(grantID), now)
	return nil
}
