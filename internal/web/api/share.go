package api

import (
	"context"
	"net/http"
	"strings"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/auth"
	"dancu/internal/share"
)

// shareRoutes serve partner agencies: the OAuth2 token endpoint, the
// verification service and change notifications. Agency routes take an
// agency access token, never an officer session (and officer routes never
// take an agency token: the two are different token tables).
func (s *server) shareRoutes() []route {
	return []route{
		{method: "POST", path: "/api/v1/oauth/token", public: true, h: s.oauthToken},
		{method: "POST", path: "/api/v1/oauth/revoke", public: true, h: s.oauthRevoke},
		{method: "POST", path: "/api/v1/verify/match", agency: true, h: s.asAgency(share.AudienceVerify, s.verifyMatch)},
		{method: "POST", path: "/api/v1/verify/ekyc", agency: true, h: s.asAgency(share.AudienceVerify, s.verifyEKYC)},
		{method: "GET", path: "/api/v1/verify/cards/{number}/status", agency: true, h: s.asAgency(share.AudienceVerify, s.verifyCardStatus)},
		{method: "POST", path: "/api/v1/verify/batches", agency: true, maxBody: maxBatchBody, h: s.asAgency(share.AudienceVerify, s.submitBatch)},
		{method: "GET", path: "/api/v1/verify/batches/{id}", agency: true, h: s.asAgency(share.AudienceVerify, s.batchStatus)},
		{method: "GET", path: "/api/v1/verify/batches/{id}/results", agency: true, h: s.asAgency(share.AudienceVerify, s.batchResults)},
		{method: "GET", path: "/api/v1/events", agency: true, h: s.asAgency(share.AudienceNotify, s.eventFeed)},
		{method: "GET", path: "/api/v1/events/subscriptions", agency: true, h: s.asAgency(share.AudienceNotify, s.listSubscriptions)},
		{method: "POST", path: "/api/v1/events/subscriptions", agency: true, h: s.asAgency(share.AudienceNotify, s.createSubscription)},
		{method: "DELETE", path: "/api/v1/events/subscriptions/{id}", agency: true, h: s.asAgency(share.AudienceNotify, s.deleteSubscription)},
	}
}

// agencyHandler serves an authenticated, rate-limited agency call.
type agencyHandler func(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error

// asAgency authenticates the agency's bearer token for audience, binds it
// to the TLS client certificate if it was issued over one, and spends one
// unit of the agency's rate limit.
func (s *server) asAgency(audience string, h agencyHandler) handler {
	return func(w http.ResponseWriter, r *http.Request, c *call) error {
		scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
		if !ok || !strings.EqualFold(scheme, "Bearer") || token == "" {
			return apperr.New(apperr.Unauthenticated, "this resource needs an agency access token (Authorization: Bearer …) from /api/v1/oauth/token")
		}
		if s.share == nil {
			// No agency is registered on this server: no token can be valid.
			return apperr.New(apperr.Unauthenticated, "the access token is invalid: the verification service is not enabled on this server")
		}
		p, err := s.share.Authenticate(r.Context(), strings.TrimSpace(token), audience, clientCertThumbprint(r))
		if err != nil {
			return err
		}
		ok, wait, err := s.share.Allow(r.Context(), p.Agency, 1)
		if err != nil {
			return err
		}
		if !ok {
			return rateLimited(wait)
		}
		return h(w, r, c, p)
	}
}

func rateLimited(wait time.Duration) error {
	return &apperr.Error{Code: apperr.RateLimited, Message: "the agency's rate limit is exhausted; retry after the Retry-After seconds",
		Err: &auth.RetryAfterError{Wait: wait}}
}

// clientCertThumbprint is the x5t#S256 of the verified TLS client
// certificate, or "" on a connection without one.
func clientCertThumbprint(r *http.Request) string {
	if r.TLS == nil || len(r.TLS.VerifiedChains) == 0 || len(r.TLS.PeerCertificates) == 0 {
		return ""
	}
	return share.Thumbprint(r.TLS.PeerCertificates[0])
}

// agencyAudit is one agency call to record.
type agencyAudit struct {
	action     string
	purpose    share.Purpose
	consentRef string
	fields     []string
	citizenIDs []string
	result     string
}

// Audited agency actions.
const (
	actVerifyMatch = "verify.match"
	actVerifyEKYC  = "verify.ekyc"
	actVerifyBatch = "verify.batch_line"
	actVerifyCard  = "verify.card_status"
	actEventsRead  = "events.read"
)

// recordAgency writes the audit entry of an agency call before anything
// is answered; if it fails, nothing is sent.
func (s *server) recordAgency(ctx context.Context, c *call, p share.Principal, a agencyAudit) error {
	e := AuditEntry{Time: s.share.Now().UTC(), RequestID: c.id, Action: a.action, Route: c.route,
		CitizenIDs: nonNilStrings(a.citizenIDs), AgencyID: p.Agency.ID, Fields: a.fields, Purpose: a.purpose.Name,
		LegalBasis: p.Agency.LegalBasis, ConsentRef: a.consentRef, Result: a.result}
	if err := s.audit.Record(ctx, e); err != nil {
		return apperr.Wrap(err, "record audit entry")
	}
	return nil
}

func nonNilStrings(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}
