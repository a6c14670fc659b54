package idpweb

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"dancu/internal/idp"
)

// VerifyClient implements op.Server: client_secret_basic or
// private_key_jwt (RFC 7523), whatever the client registered; there are no
// public clients. The assertion's audience may be the issuer (FAPI 2.0) or
// the endpoint it is sent to.
func (s *server) VerifyClient(ctx context.Context, r *op.Request[op.ClientCredentials]) (op.Client, error) {
	cc := r.Data
	iss := issuer(ctx)
	var c idp.Client
	var err error
	switch {
	case cc.ClientAssertion != "":
		c, err = s.svc.AuthenticateAssertion(ctx, cc.ClientID, cc.ClientAssertion, []string{iss, iss + r.URL.Path})
	case cc.ClientSecret != "":
		c, err = s.svc.AuthenticateSecret(ctx, cc.ClientID, cc.ClientSecret)
	default:
		err = &idp.Error{Code: idp.ErrInvalidClient, Description: "client authentication is required"}
	}
	if err != nil {
		return nil, protocolError(err)
	}
	return client{c}, nil
}

// tokenResponse is the token endpoint's answer (RFC 6749 §5.1).
type tokenResponse struct {
	AccessToken  string `json:"access_token"`
	TokenType    string `json:"token_type"`
	ExpiresIn    int64  `json:"expires_in"`
	RefreshToken string `json:"refresh_token,omitempty"`
	IDToken      string `json:"id_token,omitempty"`
	Scope        string `json:"scope"`
}

func tokenAnswer(ts idp.TokenSet) *op.Response {
	resp := op.NewResponse(tokenResponse{AccessToken: ts.AccessToken, TokenType: ts.TokenType, ExpiresIn: int64(ts.ExpiresIn.Seconds()),
		RefreshToken: ts.RefreshToken, IDToken: ts.IDToken, Scope: strings.Join(ts.Scopes, " ")})
	resp.Header.Set("Cache-Control", "no-store")
	return resp
}

// CodeExchange implements op.Server.
func (s *server) CodeExchange(ctx context.Context, r *op.ClientRequest[oidc.AccessTokenRequest]) (*op.Response, error) {
	c := r.Client.(client).Client
	ts, err := s.svc.Redeem(ctx, idp.Exchange{Client: c, Code: r.Data.Code, RedirectURI: r.Data.RedirectURI,
		CodeVerifier: r.Data.CodeVerifier, JKT: dpopFrom(ctx).jkt, Issuer: issuer(ctx)})
	if err != nil {
		return nil, protocolError(err)
	}
	return tokenAnswer(ts), nil
}

// RefreshToken implements op.Server.
func (s *server) RefreshToken(ctx context.Context, r *op.ClientRequest[oidc.RefreshTokenRequest]) (*op.Response, error) {
	c := r.Client.(client).Client
	ts, err := s.svc.Refresh(ctx, c, r.Data.RefreshToken, dpopFrom(ctx).jkt, issuer(ctx))
	if err != nil {
		return nil, protocolError(err)
	}
	return tokenAnswer(ts), nil
}

// UserInfo implements op.Server.
func (s *server) UserInfo(ctx context.Context, r *op.Request[oidc.UserInfoRequest]) (*op.Response, error) {
	d := dpopFrom(ctx)
	claims, err := s.svc.UserInfo(ctx, r.Data.AccessToken, d.scheme, d.jkt)
	if err != nil {
		return nil, protocolError(err)
	}
	resp := op.NewResponse(claims)
	resp.Header.Set("Cache-Control", "no-store")
	return resp, nil
}

// Revocation implements op.Server (RFC 7009).
func (s *server) Revocation(ctx context.Context, r *op.ClientRequest[oidc.RevocationRequest]) (*op.Response, error) {
	if err := s.svc.Revoke(ctx, r.Client.(client).Client, r.Data.Token); err != nil {
		return nil, protocolError(err)
	}
	return op.NewResponse(struct{}{}), nil
}

// EndSession implements op.Server: OpenID Connect RP-Initiated Logout. The
// provider's session ends; the browser goes back to a registered
// post_logout_redirect_uri of the client named by id_token_hint or
// client_id, or to the provider's own "signed out" page.
func (s *server) EndSession(ctx context.Context, r *op.Request[oidc.EndSessionRequest]) (*op.Redirect, error) {
	iss := issuer(ctx)
	clientID := r.Data.ClientID
	if r.Data.IdTokenHint != "" {
		aud, _, err := s.svc.IDTokenHint(r.Data.IdTokenHint, iss)
		if err != nil || (clientID != "" && clientID != aud) {
			return nil, oidc.ErrInvalidRequest().WithDescription("id_token_hint is not an ID token of this provider for this client")
		}
		clientID = aud
	}
	target := iss + PathLoggedOut
	if u := r.Data.PostLogoutRedirectURI; u != "" {
		c, err := s.svc.ActiveClient(ctx, clientID)
		if err != nil || !slices.Contains(c.PostLogoutURIs, u) {
			return nil, oidc.ErrInvalidRequest().WithDescription("post_logout_redirect_uri is not registered for this client")
		}
		target = u
		if r.Data.State != "" {
			target = addQuery(u, url.Values{"state": {r.Data.State}})
		}
	}
	red := op.NewRedirect(target)
	if ck, err := (&http.Request{Header: r.Header}).Cookie(sessionCookie); err == nil {
		s.svc.EndSession(ck.Value)
	}
	red.Header.Add("Set-Cookie", (&http.Cookie{Name: sessionCookie, Value: "", Path: "/oidc/", MaxAge: -1, HttpOnly: true,
		Secure: strings.HasPrefix(iss, "https:"), SameSite: http.SameSiteLaxMode}).String())
	return red, nil
}

// addQuery appends parameters to a URI that may already have a query.
func addQuery(uri string, v url.Values) string {
	u, err := url.Parse(uri)
	if err != nil {
		return uri
	}
	q := u.Query()
	for k, vs := range v {
		q[k] = vs
	}
	u.RawQuery = q.Encode()
	return u.String()
}
