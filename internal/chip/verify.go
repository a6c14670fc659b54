package chip

import (
	"bytes"
	"crypto/sha256"
	"crypto/subtle"
	"crypto/x509"
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"
)

// Verify runs passive authentication on img against the country signing
// CA at the current time; see VerifyAt.
func Verify(img Image, csca *x509.Certificate) (Report, error) {
	return VerifyAt(img, csca, time.Now())
}

// VerifyAt runs passive authentication (ICAO 9303 part 11 §5.1) at time
// at: the SOD's structure and signature, the Document Signer certificate's
// chain to csca, its validity and key usage, and every data group's hash.
// The Report names each check; the error is non-nil (wrapping
// ErrVerification) exactly when one failed.
func VerifyAt(img Image, csca *x509.Certificate, at time.Time) (Report, error) {
	var r Report
	sod, err := ParseSOD(img.SOD)
	if r.add(CheckSODStructure, err) != nil {
		return r, r.err()
	}
	ds, err := signerCertificate(sod)
	if r.add(CheckSODSigner, err) == nil {
		r.checkSignature(sod, ds)
		r.checkCertificates(ds, csca, at)
	}
	r.checkHashes(img.DataGroups, sod.Content)
	r.add(CheckCOM, checkCOM(img.COM, img.DataGroups))
	return r, r.err()
}

func signerCertificate(sod SOD) (*x509.Certificate, error) {
	s := sod.Signer
	for _, c := range sod.Certificates {
		byIssuer := s.Serial != nil && bytes.Equal(c.RawIssuer, s.Issuer) && c.SerialNumber.Cmp(s.Serial) == 0
		byKeyID := s.SubjectKeyID != nil && bytes.Equal(c.SubjectKeyId, s.SubjectKeyID)
		if byIssuer || byKeyID {
			return c, nil
		}
	}
	return nil, errors.New("no certificate in EF.SOD matches the SignerInfo")
}

func (r *Report) checkSignature(sod SOD, ds *x509.Certificate) {
	var err error
	if !sod.Signer.ContentType.Equal(oidLDSSecurityObject) {
		err = fmt.Errorf("signed content type %s, want %s", sod.Signer.ContentType, oidLDSSecurityObject)
	}
	r.add(CheckSODContentType, err)
	digest := sha256.Sum256(sod.ContentDER)
	err = nil
	if subtle.ConstantTimeCompare(digest[:], sod.Signer.MessageDigest) != 1 {
		err = errors.New("the signed message digest does not match the LDSSecurityObject")
	}
	r.add(CheckSODDigest, err)
	err = ds.CheckSignature(sod.Signer.Algorithm, asSet(sod.Signer.SignedAttrs), sod.Signer.Signature)
	r.add(CheckSODSignature, err)
}

func (r *Report) checkCertificates(ds, csca *x509.Certificate, at time.Time) {
	var err error
	switch {
	case csca == nil:
		err = errors.New("no CSCA certificate given")
	case !csca.IsCA || csca.KeyUsage&x509.KeyUsageCertSign == 0:
		err = errors.New("not a CA certificate with keyCertSign")
	case at.Before(csca.NotBefore) || at.After(csca.NotAfter):
		err = fmt.Errorf("not valid at %s (%s–%s)", at.UTC().Format(time.RFC3339), csca.NotBefore.Format(time.RFC3339), csca.NotAfter.Format(time.RFC3339))
	}
	if r.add(CheckCSCA, err) == nil {
		err = nil
		if !bytes.Equal(ds.RawIssuer, csca.RawSubject) {
			err = errors.New("the DS certificate's issuer is not the CSCA's subject")
		} else if e := ds.CheckSignatureFrom(csca); e != nil {
			err = fmt.Errorf("CSCA signature on the DS certificate: %w", e)
		}
		r.add(CheckDSIssuer, err)
	}
	err = nil
	if at.Before(ds.NotBefore) || at.After(ds.NotAfter) {
		err = fmt.Errorf("not valid at %s (%s–%s)", at.UTC().Format(time.RFC3339), ds.NotBefore.Format(time.RFC3339), ds.NotAfter.Format(time.RFC3339))
	}
	r.add(CheckDSValidity, err)
	err = nil
	if ds.KeyUsage&x509.KeyUsageDigitalSignature == 0 {
		err = errors.New("digitalSignature not set")
	}
	r.add(CheckDSKeyUsage, err)
}

// checkHashes compares every data group present with the SOD. A data
// group the SOD does not cover fails; one the SOD covers but the image
// lacks (DG3 behind EAC, say) is not an error, only not checked.
func (r *Report) checkHashes(groups map[int][]byte, lso LDSSecurityObject) {
	for _, n := range slices.Sorted(maps.Keys(groups)) {
		var err error
		sum := sha256.Sum256(groups[n])
		want, ok := lso.Hashes[n]
		switch {
		case !ok:
			err = fmt.Errorf("DG%d is not covered by EF.SOD", n)
		case subtle.ConstantTimeCompare(sum[:], want) != 1:
			err = fmt.Errorf("DG%d does not match its hash in EF.SOD (the file was altered)", n)
		}
		r.add(HashCheckName(n), err)
	}
}

// checkCOM checks that EF.COM lists exactly the data groups present.
func checkCOM(b []byte, groups map[int][]byte) error {
	com, err := ParseCOM(b)
	if err != nil {
		return err
	}
	listed := slices.Sorted(slices.Values(com.DataGroups))
	present := slices.Sorted(maps.Keys(groups))
	if !slices.Equal(listed, present) {
		return fmt.Errorf("EF.COM lists %v, the image holds %v", listed, present)
	}
	return nil
}
