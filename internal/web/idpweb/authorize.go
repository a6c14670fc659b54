package idpweb

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"dancu/internal/idp"
)

// VerifyAuthRequest implements op.Server: the client must be registered
// and active. A failure here is answered to the browser, never redirected
// (RFC 6749 §4.1.2.1); op then matches redirect_uri exactly.
func (s *server) VerifyAuthRequest(ctx context.Context, r *op.Request[oidc.AuthRequest]) (*op.ClientRequest[oidc.AuthRequest], error) {
	if r.Data.RequestParam != "" {
		return nil, oidc.ErrRequestNotSupported().WithDescription("request objects are not supported; push the request (PAR)")
	}
	c, err := s.svc.ActiveClient(ctx, r.Data.ClientID)
	if err != nil {
		return nil, protocolError(err)
	}
	return &op.ClientRequest[oidc.AuthRequest]{Request: r, Client: client{c}}, nil
}

// Authorize implements op.Server: the request (pushed or not) is kept and
// the browser goes to the login page; refusals go back to the (matched)
// redirect_uri with the error, the state and the issuer (RFC 9207).
func (s *server) Authorize(ctx context.Context, cr *op.ClientRequest[oidc.AuthRequest]) (*op.Redirect, error) {
	c := cr.Client.(client).Client
	d := cr.Data
	req, pushed := pushedFrom(ctx)
	if !pushed {
		if d.CodeChallenge != "" && d.CodeChallengeMethod != oidc.CodeChallengeMethodS256 {
			return s.errorRedirect(ctx, d.RedirectURI, d.State, &idp.Error{Code: idp.ErrInvalidRequest, Description: "code_challenge_method must be S256"})
		}
		var err error
		req, err = s.svc.Start(ctx, c, authRequestOf(d, cr.Form))
		if err != nil {
			return s.errorRedirect(ctx, d.RedirectURI, d.State, err)
		}
	}
	if slices.Contains(req.Prompt, "none") {
		return s.silent(ctx, cr.Header, req)
	}
	return op.NewRedirect(PathLogin + "?id=" + url.QueryEscape(req.ID)), nil
}

// silent answers prompt=none from the browser session alone (OIDC Core §3.1.2.1).
func (s *server) silent(ctx context.Context, h http.Header, req idp.AuthRequest) (*op.Redirect, error) {
	ck, err := (&http.Request{Header: h}).Cookie(sessionCookie)
	if err != nil {
		return s.errorRedirect(ctx, req.RedirectURI, req.State, &idp.Error{Code: idp.ErrLoginRequired, Description: "no session"})
	}
	ok, err := s.svc.Resume(ctx, req.ID, ck.Value)
	if err != nil || !ok {
		return s.errorRedirect(ctx, req.RedirectURI, req.State, cmpErr(err, &idp.Error{Code: idp.ErrLoginRequired, Description: "no usable session"}))
	}
	req, _ = s.svc.Request(req.ID)
	if need, err := s.svc.NeedsConsent(ctx, req); err != nil || need {
		return s.errorRedirect(ctx, req.RedirectURI, req.State, cmpErr(err, &idp.Error{Code: idp.ErrConsentRequired, Description: "consent needed"}))
	}
	code, req, err := s.svc.IssueCode(ctx, req.ID)
	if err != nil {
		return s.errorRedirect(ctx, req.RedirectURI, req.State, err)
	}
	return op.NewRedirect(codeURI(issuer(ctx), req, code)), nil
}

func cmpErr(err, fallback error) error {
	if err != nil {
		return err
	}
	return fallback
}

// authRequestOf reads the request parameters the service keeps.
func authRequestOf(d *oidc.AuthRequest, form url.Values) idp.AuthRequest {
	return idp.AuthRequest{RedirectURI: d.RedirectURI, Scopes: d.Scopes, State: d.State, Nonce: d.Nonce,
		CodeChallenge: d.CodeChallenge, ResponseMode: string(d.ResponseMode), ACRValues: d.ACRValues, MaxAge: d.MaxAge,
		Prompt: d.Prompt, DPoPJKT: form.Get(oidc.DPoPJKTParam)}
}

// errorRedirect sends an *idp.Error to the client's redirect_uri; any
// other error is the server's and is answered here.
func (s *server) errorRedirect(ctx context.Context, redirectURI, state string, err error) (*op.Redirect, error) {
	var e *idp.Error
	if !errors.As(err, &e) {
		return nil, protocolError(err)
	}
	v := url.Values{"error": {e.Code}, "error_description": {e.Description}, "iss": {issuer(ctx)}}
	if state != "" {
		v.Set("state", state)
	}
	return op.NewRedirect(addQuery(redirectURI, v)), nil
}

// codeURI is the successful authorization response (RFC 6749 §4.1.2, RFC 9207).
func codeURI(iss string, req idp.AuthRequest, code string) string {
	v := url.Values{"code": {code}, "iss": {iss}}
	if req.State != "" {
		v.Set("state", req.State)
	}
	return addQuery(req.RedirectURI, v)
}

type pushedKey struct{}

func pushedFrom(ctx context.Context) (idp.AuthRequest, bool) {
	r, ok := ctx.Value(pushedKey{}).(idp.AuthRequest)
	return r, ok
}

// pushedRequests resolves request_uri at the authorization endpoint (RFC
// 9126 §4): the pushed parameters replace the front channel's, so op
// validates the client and redirect_uri of the pushed request.
func (s *server) pushedRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != PathAuthorize || r.ParseForm() != nil || r.Form.Get("request_uri") == "" {
			next.ServeHTTP(w, r)
			return
		}
		req, err := s.svc.TakePushed(r.Form.Get("client_id"), r.Form.Get("request_uri"))
		if err != nil {
			op.WriteError(w, r, protocolError(err), nil)
			return
		}
		q := url.Values{"client_id": {req.ClientID}, "redirect_uri": {req.RedirectURI}, "response_type": {"code"},
			"scope": {strings.Join(req.Scopes, " ")}, "state": {req.State}, "code_challenge": {req.CodeChallenge},
			"code_challenge_method": {"S256"}}
		r = r.Clone(context.WithValue(r.Context(), pushedKey{}, req))
		r.URL.RawQuery, r.Form, r.PostForm, r.Method, r.Body = q.Encode(), nil, nil, http.MethodGet, http.NoBody
		next.ServeHTTP(w, r)
	})
}

// par is the pushed authorization request endpoint (RFC 9126 §2).
func (s *server) par(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		op.WriteError(w, r, oidc.ErrInvalidRequest().WithDescription("malformed form"), nil)
		return
	}
	cc := op.ClientCredentials{ClientID: r.PostForm.Get("client_id"), ClientSecret: r.PostForm.Get("client_secret"),
		ClientAssertion: r.PostForm.Get("client_assertion"), ClientAssertionType: r.PostForm.Get("client_assertion_type")}
	if id, secret, ok := r.BasicAuth(); ok {
		cc.ClientID, _ = url.QueryUnescape(id)
		cc.ClientSecret, _ = url.QueryUnescape(secret)
	}
	oc, err := s.VerifyClient(r.Context(), &op.Request[op.ClientCredentials]{Method: r.Method, URL: r.URL, Header: r.Header, Form: r.Form, Data: &cc})
	if err != nil {
		op.WriteError(w, r, err, nil)
		return
	}
	uri, err := s.push(r, oc.(client).Client)
	if err != nil {
		op.WriteError(w, r, protocolError(err), nil)
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(http.StatusCreated)
	w.Write([]byte(`{"request_uri":` + strconv.Quote(uri) + `,"expires_in":` + strconv.Itoa(int(s.svc.RequestTTL().Seconds())) + `}`))
}

func (s *server) push(r *http.Request, c idp.Client) (string, error) {
	f := r.PostForm
	bad := func(desc string) error { return &idp.Error{Code: idp.ErrInvalidRequest, Description: desc} }
	switch {
	case f.Get("request_uri") != "":
		return "", bad("request_uri is not allowed in a pushed request")
	case f.Get("request") != "":
		return "", bad("request objects are not supported")
	case f.Get("response_type") != "code":
		return "", &idp.Error{Code: "unsupported_response_type", Description: "response_type must be code"}
	case f.Get("code_challenge_method") != "S256":
		return "", bad("PKCE with code_challenge_method=S256 is required")
	}
	req := idp.AuthRequest{RedirectURI: f.Get("redirect_uri"), Scopes: strings.Fields(f.Get("scope")), State: f.Get("state"),
		Nonce: f.Get("nonce"), CodeChallenge: f.Get("code_challenge"), ACRValues: strings.Fields(f.Get("acr_values")),
		Prompt: strings.Fields(f.Get("prompt")), DPoPJKT: f.Get(oidc.DPoPJKTParam)}
	if ma := f.Get("max_age"); ma != "" {
		n, err := strconv.ParseUint(ma, 10, 32)
		if err != nil {
			return "", bad("max_age must be a number of seconds")
		}
		m := uint(n)
		req.MaxAge = &m
	}
	if jkt := dpopFrom(r.Context()).jkt; jkt != "" {
		if req.DPoPJKT != "" && req.DPoPJKT != jkt {
			return "", &idp.Error{Code: idp.ErrInvalidDPoPProof, Description: "dpop_jkt differs from the DPoP proof's key"}
		}
		req.DPoPJKT = jkt
	}
	return s.svc.Push(r.Context(), c, req)
}
