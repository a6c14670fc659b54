package chip

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// EF.SOD is 77 { ContentInfo { signedData, SignedData } } (ICAO 9303
// part 10 §4.6.2, RFC 5652): SignedData version 3 (the eContentType is not
// id-data), one SHA-256 digest algorithm, the LDSSecurityObject as
// eContent, the Document Signer certificate, and one SignerInfo (version 1,
// issuer and serial number) with signed content-type, message-digest and
// signing-time attributes.

// Signer is a Document Signer: its certificate and private key.
type Signer struct {
	Certificate *x509.Certificate
	Key         crypto.Signer
}

// EncodeSOD signs the hashes of groups (data group number → file) at
// signedAt and returns EF.SOD.
func EncodeSOD(groups map[int][]byte, s Signer, signedAt time.Time) ([]byte, error) {
	sod, err := encodeSOD(groups, s, signedAt)
	if err != nil {
		return nil, fmt.Errorf("chip: EF.SOD: %w", err)
	}
	return sod, nil
}

func encodeSOD(groups map[int][]byte, s Signer, signedAt time.Time) ([]byte, error) {
	if err := checkSigner(s, signedAt); err != nil {
		return nil, err
	}
	sigAlg, err := signatureAlgorithm(s.Key.Public())
	if err != nil {
		return nil, err
	}
	content, err := HashDataGroups(groups).Encode()
	if err != nil {
		return nil, err
	}
	digest := sha256.Sum256(content)
	attrs, err := signedAttributes(digest[:], signedAt)
	if err != nil {
		return nil, err
	}
	toSign := sha256.Sum256(asSet(attrs))
	signature, err := s.Key.Sign(rand.Reader, toSign[:], crypto.SHA256)
	if err != nil {
		return nil, fmt.Errorf("signing: %w", err)
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.Tag(tagSOD), func(b *cryptobyte.Builder) {
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(oidSignedData)
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				addSignedData(b, content, s.Certificate, attrs, sigAlg, signature)
			})
		})
	})
	return b.Bytes()
}

func addSignedData(b *cryptobyte.Builder, content []byte, cert *x509.Certificate, attrs []byte, sigAlg asn1.ObjectIdentifier, signature []byte) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(3)
		b.AddASN1(cbasn1.SET, addSHA256AlgorithmID)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // EncapsulatedContentInfo
			b.AddASN1ObjectIdentifier(oidLDSSecurityObject)
			b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
				b.AddASN1OctetString(content)
			})
		})
		b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
			b.AddBytes(cert.Raw)
		})
		b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) {
			b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) { // SignerInfo
				b.AddASN1Int64(1)
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddBytes(cert.RawIssuer)
					b.AddASN1BigInt(cert.SerialNumber)
				})
				addSHA256AlgorithmID(b)
				b.AddASN1(cbasn1.Tag(0).ContextSpecific().Constructed(), func(b *cryptobyte.Builder) {
					b.AddBytes(attrs)
				})
				addSignatureAlgorithm(b, sigAlg)
				b.AddASN1OctetString(signature)
			})
		})
	})
}

// signedAttributes returns the DER attributes, sorted by encoding as a DER
// SET OF requires (the signature covers that exact encoding).
func signedAttributes(digest []byte, signedAt time.Time) ([]byte, error) {
	attrs := make([][]byte, 0, 3)
	for _, a := range []struct {
		oid   asn1.ObjectIdentifier
		value cryptobyte.BuilderContinuation
	}{
		{oidAttrContentType, func(b *cryptobyte.Builder) { b.AddASN1ObjectIdentifier(oidLDSSecurityObject) }},
		{oidAttrMessageDigest, func(b *cryptobyte.Builder) { b.AddASN1OctetString(digest) }},
		{oidAttrSigningTime, func(b *cryptobyte.Builder) { addTime(b, signedAt) }},
	} {
		var b cryptobyte.Builder
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			b.AddASN1ObjectIdentifier(a.oid)
			b.AddASN1(cbasn1.SET, a.value)
		})
		der, err := b.Bytes()
		if err != nil {
			return nil, fmt.Errorf("signed attribute %s: %w", a.oid, err)
		}
		attrs = append(attrs, der)
	}
	slices.SortFunc(attrs, bytes.Compare)
	return bytes.Join(attrs, nil), nil
}

// asSet re-tags the signed attributes as the SET OF the signature is
// computed over (RFC 5652 §5.4), instead of the [0] they are stored under.
func asSet(attrs []byte) []byte {
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SET, func(b *cryptobyte.Builder) { b.AddBytes(attrs) })
	return b.BytesOrPanic() // only fails on lengths beyond 2^32
}

// addTime writes UTCTime for 1950–2049 and GeneralizedTime otherwise
// (RFC 5652 §11.3).
func addTime(b *cryptobyte.Builder, t time.Time) {
	t = t.UTC().Truncate(time.Second)
	if t.Year() >= 1950 && t.Year() < 2050 {
		b.AddASN1UTCTime(t)
		return
	}
	b.AddASN1GeneralizedTime(t)
}

func signatureAlgorithm(pub crypto.PublicKey) (asn1.ObjectIdentifier, error) {
	switch pub.(type) {
	case *ecdsa.PublicKey:
		return oidECDSAWithSHA256, nil
	case *rsa.PublicKey:
		return oidRSAWithSHA256, nil
	}
	return nil, fmt.Errorf("unsupported Document Signer key type %T", pub)
}

// addSignatureAlgorithm writes the AlgorithmIdentifier: ECDSA takes no
// parameters (RFC 5758), RSA takes NULL (RFC 4055).
func addSignatureAlgorithm(b *cryptobyte.Builder, oid asn1.ObjectIdentifier) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oid)
		if oid.Equal(oidRSAWithSHA256) {
			b.AddASN1NULL()
		}
	})
}

// checkSigner refuses a key that does not match its certificate and a
// signing time outside the certificate's validity: either would produce
// chips that fail passive authentication.
func checkSigner(s Signer, at time.Time) error {
	if s.Certificate == nil || s.Key == nil {
		return errors.New("the Document Signer certificate or key is missing")
	}
	type equaler interface{ Equal(crypto.PublicKey) bool }
	pub, ok := s.Key.Public().(equaler)
	if !ok || !pub.Equal(s.Certificate.PublicKey) {
		return errors.New("the Document Signer key does not match its certificate")
	}
	if at.Before(s.Certificate.NotBefore) || at.After(s.Certificate.NotAfter) {
		return fmt.Errorf("signing time %s outside the Document Signer certificate's validity %s–%s",
			at.UTC().Format(time.RFC3339), s.Certificate.NotBefore.Format(time.RFC3339), s.Certificate.NotAfter.Format(time.RFC3339))
	}
	return nil
}
