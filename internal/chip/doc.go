// Package chip builds and checks the ICAO Doc 9303 logical data structure
// (LDS) of the căn cước chip: EF.COM, DG1 (MRZ), DG2 (face), DG13
// (Vietnamese personal data) and EF.SOD, the document security object that
// makes passive authentication possible.
//
// It takes the card as produced (card.Card) and the MRZ lines already laid
// out by the card package, so chip data and the printed MRZ cannot drift
// apart. It signs with any Document Signer (a certificate and a
// crypto.Signer); key management lives in internal/pki.
//
// ICAO files use BER-TLV with two-byte tags (tlv.go); the ASN.1 structures
// inside them (DG13, the LDSSecurityObject, CMS SignedData) are DER built
// with cryptobyte.
package chip
