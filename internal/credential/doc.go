// Package credential is the căn cước điện tử: the citizen's card data as
// an SD-JWT VC (RFC 9901; IETF SD-JWT VC draft, typ dc+sd-jwt) signed by
// the national PKI's credential issuer key, for level-2 VNeID accounts.
//
// Every personal claim is selectively disclosable; iss, iat, exp, vct,
// cnf and status travel in the clear. The holder key in cnf is the
// citizen's wallet key when the wallet brings one, else a key the service
// keeps for the citizen (sealed in the blob store) so the portal can
// present the credential as a QR code or a short-lived link.
//
// A credential is re-issued when one of its claims changes in the register
// (registry.ChangeHook) and when a new card is handed over; the old one is
// then invalid in the status list (IETF token status list). Revoking the
// card, or withdrawing the account, revokes the credential. Every
// issuance, presentation and verification is audited. The package imports
// no SQL or HTTP package: sqlstore.Credentials stores it, web/api serves
// its public routes, cli verifies offline.
package credential
