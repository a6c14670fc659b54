package sdjwt

import (
	"crypto"
	"fmt"
	"maps"
	"slices"
	"strings"

	"dancu/internal/credential/jose"
)

// Typ is the media type of an SD-JWT VC's issuer JWT.
const Typ = "dc+sd-jwt"

// Issued is a credential as the issuer hands it to the holder: the issuer
// JWT and every disclosure.
type Issued struct {
	JWT         string
	Disclosures []Disclosure
}

// String is the SD-JWT with all disclosures and no key binding.
func (i Issued) String() string {
	var b strings.Builder
	b.WriteString(i.JWT)
	b.WriteByte('~')
	for _, d := range i.Disclosures {
		b.WriteString(d.Encoded)
		b.WriteByte('~')
	}
	return b.String()
}

// Issue signs an SD-JWT: clear claims as they are, each of disclosable
// behind a digest. The header carries typ dc+sd-jwt and h's kid/x5c.
func Issue(key crypto.Signer, h jose.Header, clear, disclosable map[string]any) (Issued, error) {
	payload := maps.Clone(clear)
	if payload == nil {
		payload = map[string]any{}
	}
	var out Issued
	digests := make([]string, 0, len(disclosable))
	for _, name := range slices.Sorted(maps.Keys(disclosable)) {
		if _, dup := payload[name]; dup || name == "_sd" || name == "_sd_alg" {
			return Issued{}, fmt.Errorf("sdjwt: claim %q is both clear and disclosable", name)
		}
		d, err := NewDisclosure(name, disclosable[name])
		if err != nil {
			return Issued{}, err
		}
		out.Disclosures = append(out.Disclosures, d)
		digests = append(digests, Digest(d.Encoded))
	}
	slices.Sort(digests)
	payload["_sd"] = digests
	payload["_sd_alg"] = "sha-256"
	h.Typ = Typ
	jwt, err := jose.Sign(key, h, payload)
	if err != nil {
		return Issued{}, err
	}
	out.JWT = jwt
	return out, nil
}
