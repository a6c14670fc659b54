// Package idp is the OpenID Connect provider's domain: relying parties
// (registered by administrators, like partner agencies), the scopes and the
// claims each releases, the citizen's consent per relying party, pairwise
// subjects, the pending authorization requests and codes, tokens and their
// audit. The HTTP protocol itself (zitadel/oidc's op.Server, PAR, DPoP, the
// login and consent pages) lives in internal/web/idpweb; this package
// imports no net/http and no SQL.
package idp
