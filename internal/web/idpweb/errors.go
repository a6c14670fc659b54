package idpweb

import (
	"errors"
	"net/http"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"dancu/internal/apperr"
	"dancu/internal/idp"
)

// protocolError turns a service error into the protocol's: an idp.Error
// keeps its code; invalid_client and invalid_token answer 401 (RFC 6749
// §5.2, RFC 6750 §3.1); anything else is a server_error whose cause stays
// in the log.
func protocolError(err error) error {
	var e *idp.Error
	if errors.As(err, &e) {
		oe := oidcError(e.Code)
		oe.Description = e.Description
		switch e.Code {
		case idp.ErrInvalidClient, idp.ErrInvalidToken:
			return op.NewStatusError(oe, http.StatusUnauthorized)
		}
		return oe
	}
	if apperr.Is(err, apperr.NotFound) {
		return oidc.ErrInvalidGrant().WithDescription("not found")
	}
	return oidc.ErrServerError().WithParent(err).WithDescription("internal error")
}

// oidcError makes oidc's error for a code (its type is unexported, so each
// code is spelled as a constant here).
func oidcError(code string) *oidc.Error {
	switch code {
	case idp.ErrInvalidRequest:
		return &oidc.Error{ErrorType: "invalid_request"}
	case idp.ErrInvalidClient:
		return &oidc.Error{ErrorType: "invalid_client"}
	case idp.ErrInvalidGrant:
		return &oidc.Error{ErrorType: "invalid_grant"}
	case idp.ErrUnauthorizedClient:
		return &oidc.Error{ErrorType: "unauthorized_client"}
	case idp.ErrAccessDenied:
		return &oidc.Error{ErrorType: "access_denied"}
	case idp.ErrInvalidScope:
		return &oidc.Error{ErrorType: "invalid_scope"}
	case idp.ErrInvalidToken:
		return &oidc.Error{ErrorType: "invalid_token"}
	case idp.ErrInvalidDPoPProof:
		return &oidc.Error{ErrorType: "invalid_dpop_proof"}
	case idp.ErrUseDPoPNonce:
		return &oidc.Error{ErrorType: "use_dpop_nonce"}
	case idp.ErrLoginRequired:
		return &oidc.Error{ErrorType: "login_required"}
	case idp.ErrConsentRequired:
		return &oidc.Error{ErrorType: "consent_required"}
	case idp.ErrUnmetAuthn:
		return &oidc.Error{ErrorType: "unmet_authentication_requirements"}
	case "unsupported_response_type":
		return &oidc.Error{ErrorType: "unsupported_response_type"}
	case "temporarily_unavailable":
		return &oidc.Error{ErrorType: "temporarily_unavailable"}
	}
	return &oidc.Error{ErrorType: "server_error"}
}
