package chip

import (
	"encoding/asn1"
	"errors"
	"fmt"
	"math/big"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

func parseSignerInfo(si cryptobyte.String) (SignerInfo, error) {
	var s SignerInfo
	var version int
	if !si.ReadASN1Integer(&version) {
		return s, errors.New("missing version")
	}
	switch version {
	case 1:
		var ias cryptobyte.String
		var issuer cryptobyte.String
		s.Serial = new(big.Int)
		if !si.ReadASN1(&ias, cbasn1.SEQUENCE) || !ias.ReadASN1Element(&issuer, cbasn1.SEQUENCE) ||
			!ias.ReadASN1Integer(s.Serial) || !ias.Empty() {
			return s, errors.New("malformed issuerAndSerialNumber")
		}
		s.Issuer = issuer
	case 3:
		if !si.ReadASN1Bytes(&s.SubjectKeyID, cbasn1.Tag(0).ContextSpecific()) {
			return s, errors.New("malformed subjectKeyIdentifier")
		}
	default:
		return s, fmt.Errorf("version %d, want 1 or 3", version)
	}
	if err := readSHA256AlgorithmID(&si); err != nil {
		return s, err
	}
	var attrs cryptobyte.String
	if !si.ReadASN1(&attrs, cbasn1.Tag(0).ContextSpecific().Constructed()) {
		return s, errors.New("signed attributes missing (ICAO requires them)")
	}
	s.SignedAttrs = attrs
	if err := s.parseSignedAttrs(attrs); err != nil {
		return s, err
	}
	if err := s.parseSignature(&si); err != nil {
		return s, err
	}
	if !si.SkipOptionalASN1(cbasn1.Tag(1).ContextSpecific().Constructed()) || !si.Empty() {
		return s, errors.New("trailing data after the signature")
	}
	return s, nil
}

func (s *SignerInfo) parseSignature(si *cryptobyte.String) error {
	var alg cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !si.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return errors.New("malformed signature algorithm")
	}
	for _, a := range signatureAlgorithms {
		if a.oid.Equal(oid) {
			s.Algorithm = a.alg
		}
	}
	if s.Algorithm == 0 {
		return fmt.Errorf("unsupported signature algorithm %s", oid)
	}
	if !si.ReadASN1Bytes(&s.Signature, cbasn1.OCTET_STRING) {
		return errors.New("malformed signature")
	}
	return nil
}

// parseSignedAttrs extracts content-type, message-digest and signing-time;
// other attributes are allowed and ignored. Each may appear only once, with
// one value (RFC 5652 §11).
func (s *SignerInfo) parseSignedAttrs(attrs cryptobyte.String) error {
	seen := map[string]bool{}
	for !attrs.Empty() {
		var attr, values, value cryptobyte.String
		var oid asn1.ObjectIdentifier
		if !attrs.ReadASN1(&attr, cbasn1.SEQUENCE) || !attr.ReadASN1ObjectIdentifier(&oid) ||
			!attr.ReadASN1(&values, cbasn1.SET) || !attr.Empty() {
			return errors.New("malformed signed attribute")
		}
		if seen[oid.String()] {
			return fmt.Errorf("signed attribute %s appears twice", oid)
		}
		seen[oid.String()] = true
		var ok bool
		switch {
		case oid.Equal(oidAttrContentType):
			ok = values.ReadASN1ObjectIdentifier(&s.ContentType)
		case oid.Equal(oidAttrMessageDigest):
			ok = values.ReadASN1Bytes(&s.MessageDigest, cbasn1.OCTET_STRING)
		case oid.Equal(oidAttrSigningTime):
			ok = values.ReadASN1UTCTime(&s.SigningTime) || values.ReadASN1GeneralizedTime(&s.SigningTime)
		default:
			ok = values.ReadAnyASN1Element(&value, new(cbasn1.Tag))
		}
		if !ok || !values.Empty() {
			return fmt.Errorf("signed attribute %s: want exactly one well-formed value", oid)
		}
	}
	if s.ContentType == nil || s.MessageDigest == nil {
		return errors.New("content-type or message-digest signed attribute missing")
	}
	return nil
}
