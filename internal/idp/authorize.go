package idp

import (
	"context"
	"errors"
	"slices"
	"strings"
	"time"

	"dancu/internal/apperr"
)

// promptLogin is the prompt value that asks the provider to authenticate
// the citizen again (OIDC Core §3.1.2.1; zitadel/oidc's oidc.PromptLogin,
// which parses the parameter in the web layer).
const promptLogin = "login"

// PushedPrefix starts every request_uri the provider hands out (RFC 9126 §2.2).
const PushedPrefix = "urn:ietf:params:oauth:request_uri:"

// Start validates an authorization request of client c whose redirect_uri
// the web layer has already matched, and keeps it for the login. Refusals
// are *Error values to be returned to the redirect_uri.
func (s *Service) Start(ctx context.Context, c Client, r AuthRequest) (AuthRequest, error) {
	if err := s.check(c, &r); err != nil {
		return r, err
	}
	if c.FAPI && !r.Pushed {
		return r, refuse(ErrInvalidRequest, "this relying party must push its authorization requests (PAR, RFC 9126)")
	}
	return s.keep(r)
}

// Push validates a pushed authorization request (RFC 9126) and returns
// its request_uri, valid for RequestTTL and one use, bound to the client.
func (s *Service) Push(ctx context.Context, c Client, r AuthRequest) (string, error) {
	if r.RedirectURI == "" || !slices.Contains(c.RedirectURIs, r.RedirectURI) {
		return "", refuse(ErrInvalidRequest, "redirect_uri is not registered for this client")
	}
	if c.FAPI && r.DPoPJKT == "" {
		return "", refuse(ErrInvalidRequest, "FAPI 2.0: bind the request to a DPoP key (DPoP header or dpop_jkt)")
	}
	r.Pushed = true
	if err := s.check(c, &r); err != nil {
		return "", err
	}
	kept, err := s.keep(r)
	if err != nil {
		return "", err
	}
	return PushedPrefix + kept.ID, nil
}

// TakePushed returns the pushed request behind requestURI, once, for the
// client that pushed it.
func (s *Service) TakePushed(clientID, requestURI string) (AuthRequest, error) {
	id, ok := strings.CutPrefix(requestURI, PushedPrefix)
	if !ok || len(id) > 64 {
		return AuthRequest{}, refuse(ErrInvalidRequest, "unknown request_uri")
	}
	r, ok := s.pending.takeRequest(id, s.cfg.Now())
	if !ok || !r.Pushed || r.ClientID != clientID {
		return AuthRequest{}, refuse(ErrInvalidRequest, "request_uri unknown, expired, used or pushed by another client")
	}
	return s.keep(r)
}

func (s *Service) check(c Client, r *AuthRequest) error {
	r.ClientID = c.ID
	if r.CodeChallenge == "" {
		return refuse(ErrInvalidRequest, "PKCE is required: send code_challenge with code_challenge_method=S256")
	}
	if n := len(r.CodeChallenge); n != 43 {
		return refuse(ErrInvalidRequest, "code_challenge must be a base64url SHA-256 (S256)")
	}
	if !slices.Contains(r.Scopes, ScopeOpenID) {
		return refuse(ErrInvalidScope, "the openid scope is required")
	}
	for _, sc := range r.Scopes {
		if !c.AllowsScope(sc) {
			return refuse(ErrInvalidScope, "scope %q is not registered for this relying party", sc)
		}
	}
	if len(r.State) > 512 || len(r.Nonce) > 512 || len(r.ACRValues) > 4 {
		return refuse(ErrInvalidRequest, "state, nonce or acr_values too long")
	}
	return nil
}

func (s *Service) keep(r AuthRequest) (AuthRequest, error) {
	r.ID = randomID()
	r.CSRF = randomID()
	r.Principal = nil
	r.ExpiresAt = s.cfg.Now().Add(s.cfg.RequestTTL)
	if !s.pending.putRequest(&r, s.cfg.Now()) {
		return r, refuse("temporarily_unavailable", "too many pending requests; try again shortly")
	}
	return r, nil
}

// Request returns a pending request by id.
func (s *Service) Request(id string) (AuthRequest, bool) {
	if len(id) > 64 {
		return AuthRequest{}, false
	}
	return s.pending.request(id, s.cfg.Now())
}

// RequiredLevel is the account level an acr_values list asks for: the
// lowest level among the recognised values (any of them satisfies the
// request); 1 when none is recognised.
func RequiredLevel(acrValues []string) int {
	lvl := 0
	for _, v := range acrValues {
		if l := ACRLevel(v); l > 0 && (lvl == 0 || l < lvl) {
			lvl = l
		}
	}
	return max(lvl, 1)
}

// Login authenticates the citizen for pending request reqID with their
// account's password and opens a browser session. A wrong password is an
// apperr (the page says so and the citizen may retry); an account that
// cannot be used, or whose level is under the requested acr, is an *Error
// for the redirect_uri.
func (s *Service) Login(ctx context.Context, reqID, identifier, password string) (Session, error) {
	r, ok := s.Request(reqID)
	if !ok {
		return Session{}, refuse(ErrInvalidRequest, "the login request expired; start again from the service")
	}
	p, err := s.cfg.Accounts.Authenticate(ctx, identifier, password)
	if apperr.Is(err, apperr.Forbidden) || errors.Is(err, ErrAccountUnusable) {
		// Told only after a right password (eid): suspended or revoked.
		return Session{}, refuse(ErrAccessDenied, "this VNeID account is suspended or revoked")
	}
	var second *SecondFactorRequired
	if errors.As(err, &second) {
		s.pending.updateRequest(r.ID, s.cfg.Now(), func(x *AuthRequest) { x.SecondFactor = second.Ticket })
		return Session{}, ErrPasskeyNeeded
	}
	if err != nil {
		return Session{}, err
	}
	return s.open(ctx, r, p)
}

// open attaches principal p to request r and opens a browser session.
func (s *Service) open(ctx context.Context, r AuthRequest, p Principal) (Session, error) {
	s.pending.updateRequest(r.ID, s.cfg.Now(), func(x *AuthRequest) { x.SecondFactor = "" })
	sess := Session{ID: randomID(), Principal: p, ExpiresAt: s.cfg.Now().Add(s.cfg.SessionTTL)}
	if err := s.attach(ctx, r, p); err != nil {
		return sess, err
	}
	s.pending.putSession(&sess, s.cfg.Now())
	return sess, nil
}

// Resume attaches an existing browser session to request reqID, when it
// satisfies the request (prompt, max_age, acr); false means "show the login".
func (s *Service) Resume(ctx context.Context, reqID, sessionID string) (bool, error) {
	r, ok := s.Request(reqID)
	if !ok || len(sessionID) > 64 {
		return false, nil
	}
	sess, ok := s.pending.session(sessionID, s.cfg.Now())
	if !ok || mustLogIn(r, sess.Principal.AuthTime, s.cfg.Now()) || sess.Principal.Level < RequiredLevel(r.ACRValues) {
		return false, nil
	}
	return true, s.attach(ctx, r, sess.Principal)
}

// mustLogIn reports whether request r asks the citizen to authenticate
// again, whatever their session (OIDC Core §3.1.2.1): prompt=login, or
// a login older than max_age seconds. max_age=0 is prompt=login (Core
// errata set 2), even when the session's login and now fall in the same
// instant (a relying party about to let the citizen change their
// passkeys asks exactly this; the id_token's auth_time then is the new
// login's).
func mustLogIn(r AuthRequest, authTime, now time.Time) bool {
	if slices.Contains(r.Prompt, promptLogin) {
		return true
	}
	if r.MaxAge == nil {
		return false
	}
	return *r.MaxAge == 0 || now.Sub(authTime) > time.Duration(*r.MaxAge)*time.Second
}

// Session returns a live browser session.
func (s *Service) Session(id string) (Session, bool) {
	if len(id) > 64 {
		return Session{}, false
	}
	return s.pending.session(id, s.cfg.Now())
}

// EndSession ends a browser session (RP-initiated logout).
func (s *Service) EndSession(id string) { s.pending.endSession(id) }

func (s *Service) attach(ctx context.Context, r AuthRequest, p Principal) error {
	if err := s.cfg.Accounts.Usable(ctx, p.AccountID); err != nil {
		return refuse(ErrAccessDenied, "this VNeID account is suspended or expired")
	}
	if need := RequiredLevel(r.ACRValues); p.Level < need {
		return refuse(ErrUnmetAuthn, "this service requires a level-%d VNeID account; this account is level %d", need, p.Level)
	}
	s.pending.updateRequest(r.ID, s.cfg.Now(), func(x *AuthRequest) { x.Principal = &p })
	return nil
}
