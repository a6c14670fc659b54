package chip

import (
	"crypto/sha256"
	"encoding/asn1"
	"errors"
	"fmt"
	"maps"
	"slices"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// LDSSecurityObject is the signed content of EF.SOD (ICAO 9303 part 10
// §4.6.2.2): the SHA-256 of every data group file.
//
//	SEQUENCE { INTEGER v0, AlgorithmIdentifier sha256,
//	           SEQUENCE OF SEQUENCE { INTEGER dg, OCTET STRING hash } }
type LDSSecurityObject struct {
	Hashes map[int][]byte // data group number → SHA-256 of the whole file
}

// HashDataGroups returns the security object for the given files.
func HashDataGroups(groups map[int][]byte) LDSSecurityObject {
	hashes := make(map[int][]byte, len(groups))
	for n, file := range groups {
		sum := sha256.Sum256(file)
		hashes[n] = sum[:]
	}
	return LDSSecurityObject{Hashes: hashes}
}

// Encode returns the DER of the security object, data groups ascending.
func (o LDSSecurityObject) Encode() ([]byte, error) {
	if len(o.Hashes) < 2 || len(o.Hashes) > 16 {
		return nil, fmt.Errorf("chip: LDSSecurityObject: %d data group hashes, ICAO requires 2..16", len(o.Hashes))
	}
	var b cryptobyte.Builder
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1Int64(0)
		addSHA256AlgorithmID(b)
		b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
			for _, n := range slices.Sorted(maps.Keys(o.Hashes)) {
				b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
					b.AddASN1Int64(int64(n))
					b.AddASN1OctetString(o.Hashes[n])
				})
			}
		})
	})
	return b.Bytes()
}

// ParseLDSSecurityObject reads the DER security object. Only version 0
// (no LDS version info) and SHA-256 are accepted: that is all this
// registry issues, and accepting weaker hashes would weaken verification.
func ParseLDSSecurityObject(der []byte) (LDSSecurityObject, error) {
	o, err := parseLDSSecurityObject(cryptobyte.String(der))
	if err != nil {
		return LDSSecurityObject{}, fmt.Errorf("chip: LDSSecurityObject: %w", err)
	}
	return o, nil
}

func parseLDSSecurityObject(in cryptobyte.String) (LDSSecurityObject, error) {
	var seq, list cryptobyte.String
	var version int
	if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !in.Empty() || !seq.ReadASN1Integer(&version) {
		return LDSSecurityObject{}, errors.New("want SEQUENCE { INTEGER version, … }")
	}
	if version != 0 {
		return LDSSecurityObject{}, fmt.Errorf("version %d, want 0", version)
	}
	if err := readSHA256AlgorithmID(&seq); err != nil {
		return LDSSecurityObject{}, err
	}
	if !seq.ReadASN1(&list, cbasn1.SEQUENCE) || !seq.Empty() {
		return LDSSecurityObject{}, errors.New("want a SEQUENCE of data group hashes")
	}
	o := LDSSecurityObject{Hashes: map[int][]byte{}}
	for !list.Empty() {
		var entry cryptobyte.String
		var n int
		var hash []byte
		if !list.ReadASN1(&entry, cbasn1.SEQUENCE) || !entry.ReadASN1Integer(&n) ||
			!entry.ReadASN1Bytes(&hash, cbasn1.OCTET_STRING) || !entry.Empty() {
			return LDSSecurityObject{}, errors.New("malformed DataGroupHash")
		}
		if _, err := DGTag(n); err != nil {
			return LDSSecurityObject{}, err
		}
		if _, dup := o.Hashes[n]; dup {
			return LDSSecurityObject{}, fmt.Errorf("DG%d hashed twice", n)
		}
		if len(hash) != sha256.Size {
			return LDSSecurityObject{}, fmt.Errorf("DG%d hash has %d bytes, want %d", n, len(hash), sha256.Size)
		}
		o.Hashes[n] = hash
	}
	return o, nil
}

// addSHA256AlgorithmID writes AlgorithmIdentifier { sha256 } with absent
// parameters, as RFC 5754 §2 prefers.
func addSHA256AlgorithmID(b *cryptobyte.Builder) {
	b.AddASN1(cbasn1.SEQUENCE, func(b *cryptobyte.Builder) {
		b.AddASN1ObjectIdentifier(oidSHA256)
	})
}

// readSHA256AlgorithmID accepts sha256 with absent or NULL parameters
// (RFC 5754 requires readers to accept both).
func readSHA256AlgorithmID(in *cryptobyte.String) error {
	var alg cryptobyte.String
	var oid asn1.ObjectIdentifier
	if !in.ReadASN1(&alg, cbasn1.SEQUENCE) || !alg.ReadASN1ObjectIdentifier(&oid) {
		return errors.New("malformed AlgorithmIdentifier")
	}
	if !oid.Equal(oidSHA256) {
		return fmt.Errorf("digest algorithm %s, want SHA-256 (%s)", oid, oidSHA256)
	}
	if !alg.Empty() && (!alg.SkipASN1(cbasn1.NULL) || !alg.Empty()) {
		return errors.New("SHA-256 parameters must be absent or NULL")
	}
	return nil
}
