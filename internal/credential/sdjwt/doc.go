// Package sdjwt encodes and checks Selective Disclosure JWTs (RFC 9901)
// in the SD-JWT VC form (IETF draft, typ "dc+sd-jwt"): an issuer-signed
// JWT whose payload carries digests of the selectively disclosable claims
// in "_sd", followed by the disclosures the holder chooses to present and,
// for key binding, a KB-JWT signed by the key in "cnf".
//
//	<issuer JWT>~<disclosure>~<disclosure>~[<KB-JWT>]
//
// Only top-level claims are made disclosable; a structured value (an
// address) is disclosed as a whole. Digests are SHA-256 over the
// disclosure's base64url text; "_sd" is sorted so its order reveals
// nothing about the claims' order.
package sdjwt
