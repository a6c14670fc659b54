package idpweb

import (
	"context"

	"github.com/zitadel/oidc/v3/pkg/oidc"
	"github.com/zitadel/oidc/v3/pkg/op"

	"dancu/internal/idp"
)

// discovery is the provider metadata: OpenID Connect Discovery plus the
// fields of PAR (RFC 9126 §5), DPoP (RFC 9449 §5.1) and the authorization
// response's iss (RFC 9207 §3).
type discovery struct {
	oidc.DiscoveryConfiguration
	PAREndpoint  string   `json:"pushed_authorization_request_endpoint"`
	RequirePAR   bool     `json:"require_pushed_authorization_requests"`
	DPoPAlgs     []string `json:"dpop_signing_alg_values_supported"`
	IssParameter bool     `json:"authorization_response_iss_parameter_supported"`
}

var signingAlgs = []string{"ES256", "PS256", "RS256"}

// Discovery implements op.Server.
func (s *server) Discovery(ctx context.Context, r *op.Request[struct{}]) (*op.Response, error) {
	iss := issuer(ctx)
	d := discovery{
		DiscoveryConfiguration: oidc.DiscoveryConfiguration{
			Issuer:                                     iss,
			AuthorizationEndpoint:                      iss + PathAuthorize,
			TokenEndpoint:                              iss + PathToken,
			UserinfoEndpoint:                           iss + PathUserinfo,
			RevocationEndpoint:                         iss + PathRevoke,
			EndSessionEndpoint:                         iss + PathLogout,
			JwksURI:                                    iss + PathJWKS,
			ScopesSupported:                            idp.ScopeNames(),
			ResponseTypesSupported:                     []string{string(oidc.ResponseTypeCode)},
			ResponseModesSupported:                     []string{"query"},
			GrantTypesSupported:                        []oidc.GrantType{oidc.GrantTypeCode, oidc.GrantTypeRefreshToken},
			ACRValuesSupported:                         []string{idp.ACRLevel1, idp.ACRLevel2},
			SubjectTypesSupported:                      []string{"pairwise"},
			IDTokenSigningAlgValuesSupported:           []string{"ES256"},
			TokenEndpointAuthMethodsSupported:          []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPrivateKeyJWT},
			TokenEndpointAuthSigningAlgValuesSupported: signingAlgs,
			RevocationEndpointAuthMethodsSupported:     []oidc.AuthMethod{oidc.AuthMethodBasic, oidc.AuthMethodPrivateKeyJWT},
			ClaimsSupported:                            idp.ClaimNames(),
			CodeChallengeMethodsSupported:              []oidc.CodeChallengeMethod{oidc.CodeChallengeMethodS256},
			RequestURIParameterSupported:               true,
		},
		PAREndpoint:  iss + PathPAR,
		DPoPAlgs:     []string{"ES256", "PS256", "RS256", "EdDSA"},
		IssParameter: true,
	}
	return op.NewResponse(d), nil
}

// Keys implements op.Server: the JWKS, the signing key first.
func (s *server) Keys(ctx context.Context, r *op.Request[struct{}]) (*op.Response, error) {
	resp := op.NewResponse(s.svc.Keys().JWKS())
	resp.Header.Set("Cache-Control", "public, max-age=300")
	return resp, nil
}
