package chip

import (
	"crypto/x509"
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// SOD is a parsed EF.SOD. ParseSOD only checks structure; Verify checks
// the signature, the certificates and the hashes.
type SOD struct {
	Content      LDSSecurityObject
	ContentDER   []byte // the signed eContent
	Certificates []*x509.Certificate
	Signer       SignerInfo
}

// SignerInfo is the one signer of an EF.SOD.
type SignerInfo struct {
	// Either IssuerAndSerial (version 1) or SubjectKeyID (version 3) names
	// the signer's certificate.
	Issuer        []byte // raw DER Name
	Serial        *big.Int
	SubjectKeyID  []byte
	SignedAttrs   []byte // DER content of the [0] signed attributes
	ContentType   asn1.ObjectIdentifier
	MessageDigest []byte
	SigningTime   time.Time // zero when absent
	Algorithm     x509.SignatureAlgorithm
	Signature     []byte
}

// UnwrapSOD returns the CMS ContentInfo inside EF.SOD's 0x77 tag, the form
// CMS tools such as openssl read.
func UnwrapSOD(b []byte) ([]byte, error) {
	return readFile(b, tagSOD, "EF.SOD")
}

// ParseSOD reads EF.SOD.
func ParseSOD(b []byte) (SOD, error) {
	ci, err := UnwrapSOD(b)
	if err != nil {
		return SOD{}, err
	}
	sod, err := parseContentInfo(cryptobyte.String(ci))
	if err != nil {
		return SOD{}, fmt.Errorf("chip: EF.SOD: %w", err)
	}
	return sod, nil
}

func parseContentInfo(in cryptobyte.String) (SOD, error) {
	var ci, explicit, sd cryptobyte.String
	var ct asn1.ObjectIdentifier
	if !in.ReadASN1(&ci, cbasn1.SEQUENCE) || !in.Empty() || !ci.ReadASN1ObjectIdentifier(&ct) {
		return SOD{}, errors.New("not a CMS ContentInfo")
	}
	if !ct.Equal(oidSignedData) {
		return SOD{}, fmt.Errorf("content type %s, want signedData", ct)
	}
	if !ci.ReadASN1(&explicit, cbasn1.Tag(0).ContextSpecific().Constructed()) || !ci.Empty() ||
		!explicit.ReadASN1(&sd, cbasn1.SEQUENCE) || !explicit.Empty() {
		return SOD{}, errors.New("malformed ContentInfo content")
	}
	return parseSignedData(sd)
}

func parseSignedData(sd cryptobyte.String) (SOD, error) {
	var version int
	var digestAlgs, encap, certs, signerInfos cryptobyte.String
	var hasCerts bool
	if !sd.ReadASN1Integer(&version) || !sd.ReadASN1(&digestAlgs, cbasn1.SET) || !sd.ReadASN1(&encap, cbasn1.SEQUENCE) ||
		!sd.ReadOptionalASN1(&certs, &hasCerts, cbasn1.Tag(0).ContextSpecific().Constructed()) ||
		!sd.SkipOptionalASN1(cbasn1.Tag(1).ContextSpecific().Constructed()) || // CRLs
		!sd.ReadASN1(&signerInfos, cbasn1.SET) || !sd.Empty() {
		return SOD{}, errors.New("malformed SignedData")
	}
	if version != 3 {
		return SOD{}, fmt.Errorf("SignedData version %d, want 3", version)
	}
	var sod SOD
	var err error
	if sod.ContentDER, err = parseEncapContent(encap); err != nil {
		return SOD{}, err
	}
	if sod.Content, err = ParseLDSSecurityObject(sod.ContentDER); err != nil {
		return SOD{}, err
	}
	for hasCerts && !certs.Empty() {
		var raw cryptobyte.String
		if !certs.ReadASN1Element(&raw, cbasn1.SEQUENCE) {
			return SOD{}, errors.New("malformed certificate set")
		}
		cert, err := x509.ParseCertificate(raw)
		if err != nil {
			return SOD{}, fmt.Errorf("certificate: %w", err)
		}
		sod.Certificates = append(sod.Certificates, cert)
	}
	var si cryptobyte.String
	if !signerInfos.ReadASN1(&si, cbasn1.SEQUENCE) || !signerInfos.Empty() {
		return SOD{}, errors.New("want exactly one SignerInfo")
	}
	if sod.Signer, err = parseSignerInfo(si); err != nil {
		return SOD{}, fmt.Errorf("SignerInfo: %w", err)
	}
	return sod, nil
}

func parseEncapContent(encap cryptobyte.String) ([]byte, error) {
	var ct asn1.ObjectIdentifier
	var explicit cryptobyte.String
	var content []byte
	if !encap.ReadASN1ObjectIdentifier(&ct) || !encap.ReadASN1(&explicit, cbasn1.Tag(0).ContextSpecific().Constructed()) ||
		!encap.Empty() || !explicit.ReadASN1Bytes(&content, cbasn1.OCTET_STRING) || !explicit.Empty() {
		return nil, errors.New("malformed EncapsulatedContentInfo (a detached or constructed eContent is not an SOD)")
	}
	if !ct.Equal(oidLDSSecurityObject) {
		return nil, fmt.Errorf("eContentType %s, want LDSSecurityObject %s", ct, oidLDSSecurityObject)
	}
	return content, nil
}
