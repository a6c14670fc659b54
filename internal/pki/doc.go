// Package pki is the signing PKI of the căn cước chip (ICAO 9303 part 12):
// the Country Signing CA (CSCA) of Viet Nam and the Document Signers (DS)
// it certifies to sign each chip's EF.SOD.
//
// Keys are ECDSA: P-384 for the CSCA, whose certificate must outlive every
// card signed under it (about 30 years), and P-256 for Document Signers,
// which sign every card, so signing stays well under a millisecond and the
// SOD small. Both curves are in ICAO 9303 part 12 and in every inspection
// system's library; brainpool curves would need a non-standard library.
//
// Private keys and certificates are kept in a KeyStore sealed with
// AES-256-GCM under a key derived from a passphrase with argon2id
// (SealedStore). A rotated Document Signer's certificate stays in the
// store, so cards it signed keep verifying against the same CSCA.
package pki
