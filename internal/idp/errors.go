package idp

import "fmt"

// Error is a refusal with its OAuth 2.0 / OpenID Connect error code
// (RFC 6749 §4.1.2.1, §5.2; OIDC Core §3.1.2.6; RFC 9449 §5, §7.1); the web
// layer writes it as the protocol requires. Description is safe to show.
type Error struct {
	Code        string
	Description string
}

func (e *Error) Error() string { return e.Code + ": " + e.Description }

// Error codes used by the provider.
const (
	ErrInvalidRequest     = "invalid_request"
	ErrInvalidClient      = "invalid_client"
	ErrInvalidGrant       = "invalid_grant"
	ErrUnauthorizedClient = "unauthorized_client"
	ErrAccessDenied       = "access_denied"
	ErrInvalidScope       = "invalid_scope"
	ErrInvalidToken       = "invalid_token"
	// ErrInsufficientScope: the token lacks the resource's scope (RFC 6750 §3.1).
	ErrInsufficientScope = "insufficient_scope"
	ErrInvalidDPoPProof  = "invalid_dpop_proof"
	ErrUseDPoPNonce      = "use_dpop_nonce"
	ErrLoginRequired     = "login_required"
	ErrConsentRequired   = "consent_required"
	// ErrUnmetAuthn is OpenID Connect's answer when the requested acr
	// cannot be met (OpenID Connect Unmet Authentication Requirements 1.0).
	ErrUnmetAuthn = "unmet_authentication_requirements"
)

func refuse(code, format string, args ...any) *Error {
	return &Error{Code: code, Description: fmt.Sprintf(format, args...)}
}
