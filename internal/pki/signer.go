package pki

import (
	"crypto/x509"
	"errors"
	"fmt"
	"slices"
	"time"

	"golang.org/x/crypto/cryptobyte"
	cbasn1 "golang.org/x/crypto/cryptobyte/asn1"
)

// dsIndex records every Document Signer ever issued and the one in use.
type dsIndex struct {
	Current string   `json:"current"`
	Signers []string `json:"signers"` // oldest first
}

// ErrRotateDS: the current Document Signer's key usage period is over (or
// not begun); RotateDS issues a new one.
var ErrRotateDS = errors.New("pki: the Document Signer key is outside its usage period; rotate it")

// DocumentSigner returns the Document Signer to sign cards with at now.
func (a *Authority) DocumentSigner(now time.Time) (DocumentSigner, error) {
	from, until, err := keyUsagePeriod(a.current.Certificate)
	if err != nil {
		return DocumentSigner{}, err
	}
	if now.Before(from) || now.After(until) {
		return DocumentSigner{}, fmt.Errorf("%w (period %s–%s)", ErrRotateDS, from.Format(time.RFC3339), until.Format(time.RFC3339))
	}
	return a.current, nil
}

// DocumentSignerCertificates returns every Document Signer certificate
// issued, oldest first, including rotated ones: cards they signed still
// verify, and inspection systems may need them (ICAO PKD upload).
func (a *Authority) DocumentSignerCertificates() []*x509.Certificate {
	certs := make([]*x509.Certificate, 0, len(a.index.Signers))
	for _, serial := range a.index.Signers {
		certs = append(certs, a.signers[serial])
	}
	return certs
}

// RotateDS issues a new Document Signer valid from now and makes it
// current. The previous certificate stays in the store; its key is no
// longer used for signing.
func (a *Authority) RotateDS(now time.Time) (DocumentSigner, error) {
	cscaSigner, err := getKey(a.store, cscaKey)
	if err != nil {
		return DocumentSigner{}, err
	}
	key, err := newKey(dsCurve)
	if err != nil {
		return DocumentSigner{}, err
	}
	template, err := dsTemplate(a.cfg, &key.PublicKey, now, a.csca)
	if err != nil {
		return DocumentSigner{}, err
	}
	cert, err := issue(template, a.csca, &key.PublicKey, cscaSigner)
	if err != nil {
		return DocumentSigner{}, err
	}
	serial := cert.SerialNumber.Text(16)
	if err := putKeyAndCert(a.store, dsKeyBlob(serial), dsCertBlob(serial), key, cert); err != nil {
		return DocumentSigner{}, err
	}
	index := dsIndex{Current: serial, Signers: append(slices.Clone(a.index.Signers), serial)}
	if err := putJSON(a.store, indexBlob, index); err != nil {
		return DocumentSigner{}, err
	}
	a.index = index
	a.signers[serial] = cert
	a.current = DocumentSigner{Certificate: cert, Key: key}
	return a.current, nil
}

// keyUsagePeriod reads the private key usage period extension.
func keyUsagePeriod(cert *x509.Certificate) (from, until time.Time, err error) {
	for _, ext := range cert.Extensions {
		if !ext.Id.Equal(oidPrivateKeyUsagePeriod) {
			continue
		}
		in := cryptobyte.String(ext.Value)
		var seq, nb, na cryptobyte.String
		if !in.ReadASN1(&seq, cbasn1.SEQUENCE) || !seq.ReadASN1(&nb, cbasn1.Tag(0).ContextSpecific()) ||
			!seq.ReadASN1(&na, cbasn1.Tag(1).ContextSpecific()) {
			return from, until, errors.New("pki: malformed private key usage period")
		}
		const layout = "20060102150405Z"
		start, err1 := time.Parse(layout, string(nb))
		end, err2 := time.Parse(layout, string(na))
		return start, end, errors.Join(err1, err2)
	}
	return from, until, errors.New("pki: certificate has no private key usage period")
}
