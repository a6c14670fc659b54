package api

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/share"
)

// tokenResponse is the RFC 6749 §5.1 answer.
type tokenResponse struct {
	AccessToken string `json:"access_token"`
	TokenType   string `json:"token_type"`
	ExpiresIn   int    `json:"expires_in"`
	Audience    string `json:"audience"`
}

// oauthError is the RFC 6749 §5.2 answer: OAuth clients parse this shape,
// so the token endpoint uses it instead of problem details.
type oauthError struct {
	Error       string `json:"error"`
	Description string `json:"error_description,omitempty"`
}

// oauthToken serves POST /oauth/token: the client credentials grant, with
// client_secret_basic, client_secret_post, private_key_jwt or
// tls_client_auth.
func (s *server) oauthToken(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.share == nil {
		return apperr.New(apperr.NotFound, "the verification service is not enabled on this server")
	}
	if err := r.ParseForm(); err != nil || !strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		return writeOAuthError(w, http.StatusBadRequest, "invalid_request", "the body must be application/x-www-form-urlencoded")
	}
	f := r.PostForm
	if f.Get("grant_type") != "client_credentials" {
		return writeOAuthError(w, http.StatusBadRequest, "unsupported_grant_type", "only client_credentials is supported")
	}
	ca := share.ClientAuth{ClientID: f.Get("client_id"), ClientSecret: f.Get("client_secret"), Assertion: f.Get("client_assertion"),
		AssertionType: f.Get("client_assertion_type"), Audience: f.Get("audience"), CertThumbprint: clientCertThumbprint(r),
		SourceAddr: s.clientIP(r)}
	if id, secret, ok := r.BasicAuth(); ok {
		// RFC 6749 §2.3.1: both are form-encoded before Basic encoding.
		ca.ClientID, _ = url.QueryUnescape(id)
		ca.ClientSecret, _ = url.QueryUnescape(secret)
	}
	if ca.ClientID == "" && ca.Assertion == "" {
		return writeOAuthError(w, http.StatusBadRequest, "invalid_request", "client_id or client_assertion is required")
	}
	tok, err := s.share.IssueToken(r.Context(), ca)
	switch apperr.CodeOf(err) {
	case "":
	case apperr.Unauthenticated:
		w.Header().Set("WWW-Authenticate", `Basic realm="dancu"`)
		return writeOAuthError(w, http.StatusUnauthorized, "invalid_client", "client authentication failed")
	case apperr.Forbidden:
		return writeOAuthError(w, http.StatusBadRequest, "unauthorized_client", "the agency is suspended")
	case apperr.Invalid:
		return writeOAuthError(w, http.StatusBadRequest, "invalid_request", err.Error())
	case apperr.RateLimited:
		// RFC 6749 has no code for this; 429 with Retry-After (RFC 6585)
		// is what HTTP clients back off on.
		if wait, ok := retryAfter(err); ok {
			w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		}
		return writeOAuthError(w, http.StatusTooManyRequests, "temporarily_unavailable", "too many token requests; retry after the Retry-After seconds")
	default:
		return err
	}
	return writeJSON(w, http.StatusOK, tokenResponse{AccessToken: tok.Value, TokenType: "Bearer",
		ExpiresIn: int(s.share.TokenTTL().Seconds()), Audience: tok.Audience})
}

func writeOAuthError(w http.ResponseWriter, status int, code, desc string) error {
	b, _ := json.Marshal(oauthError{Error: code, Description: desc})
	h := w.Header()
	h.Set("Content-Type", "application/json")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write(append(b, '\n'))
	return nil
}

// oauthRevoke serves POST /oauth/revoke (RFC 7009): whoever holds a token
// may end it; an unknown token is not an error, so the answer reveals
// nothing.
func (s *server) oauthRevoke(w http.ResponseWriter, r *http.Request, c *call) error {
	if s.share == nil {
		return apperr.New(apperr.NotFound, "the verification service is not enabled on this server")
	}
	if err := r.ParseForm(); err != nil || r.PostForm.Get("token") == "" {
		return writeOAuthError(w, http.StatusBadRequest, "invalid_request", "a form field token is required")
	}
	if err := s.share.Revoke(r.Context(), r.PostForm.Get("token")); err != nil {
		return err
	}
	w.WriteHeader(http.StatusOK)
	return nil
}
