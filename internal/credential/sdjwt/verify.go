package sdjwt

import (
	"bytes"
	"crypto/ecdsa"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dancu/internal/credential/jose"
)

// Errors a verifier tells apart (wrapped with the detail).
var (
	ErrMalformed  = errors.New("sdjwt: malformed")
	ErrSignature  = errors.New("sdjwt: issuer signature does not verify")
	ErrDisclosure = errors.New("sdjwt: a disclosure is not signed by the issuer")
	ErrExpired    = errors.New("sdjwt: expired")
	ErrKeyBinding = errors.New("sdjwt: key binding does not verify")
)

// MaxDisclosures bounds the disclosures read from one presentation.
const MaxDisclosures = 64

// Options say what a verifier trusts and expects.
type Options struct {
	Now time.Time
	// IssuerKey returns the key the issuer JWT must verify under, from its
	// header and iss (the published key set).
	IssuerKey func(h jose.Header, iss string) (*ecdsa.PublicKey, error)
	// RequireKeyBinding refuses a presentation without a KB-JWT.
	RequireKeyBinding bool
	// Audience and Nonce, when set, must be the KB-JWT's.
	Audience, Nonce string
	// MaxKeyBindingAge bounds how old a KB-JWT's iat may be (default 5 min).
	MaxKeyBindingAge time.Duration
}

// Verified is a checked presentation.
type Verified struct {
	Header jose.Header
	// Claims are the clear claims and the disclosed ones, without the
	// digests (_sd, _sd_alg).
	Claims    map[string]any
	Disclosed []string // names of the disclosed claims, in presentation order
	KeyBound  bool
}

// Verify checks a presentation: the issuer signature, every disclosure's
// digest (each at most once), expiry, and the key binding if present.
func Verify(presentation string, opt Options) (*Verified, error) {
	if len(presentation) > jose.MaxCompact {
		return nil, fmt.Errorf("%w: %d bytes", ErrMalformed, len(presentation))
	}
	parts := strings.Split(presentation, "~")
	if len(parts) < 2 || len(parts)-2 > MaxDisclosures {
		return nil, fmt.Errorf("%w: want <JWT>~<disclosures>~[KB-JWT], at most %d disclosures", ErrMalformed, MaxDisclosures)
	}
	jwt, kb := parts[0], parts[len(parts)-1]
	p, err := jose.Parse(jwt)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrMalformed, err)
	}
	if p.Header.Typ != Typ {
		return nil, fmt.Errorf("%w: typ %q, want %s", ErrMalformed, p.Header.Typ, Typ)
	}
	payload, err := decodeObject(p.Payload)
	if err != nil {
		return nil, err
	}
	iss, _ := payload["iss"].(string)
	key, err := opt.IssuerKey(p.Header, iss)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrSignature, err)
	}
	if err := p.Verify(key); err != nil {
		return nil, ErrSignature
	}
	v := &Verified{Header: p.Header}
	if v.Claims, v.Disclosed, err = disclose(payload, parts[1:len(parts)-1]); err != nil {
		return nil, err
	}
	if err := checkTimes(v.Claims, opt.Now); err != nil {
		return nil, err
	}
	if kb != "" {
		if err := checkKeyBinding(kb, presentation[:len(presentation)-len(kb)], v.Claims, opt); err != nil {
			return nil, err
		}
		v.KeyBound = true
	} else if opt.RequireKeyBinding {
		return nil, fmt.Errorf("%w: the presentation has no KB-JWT", ErrKeyBinding)
	}
	return v, nil
}

// disclose replaces the digests by the disclosed claims.
func disclose(payload map[string]any, encoded []string) (map[string]any, []string, error) {
	if alg, _ := payload["_sd_alg"].(string); alg != "sha-256" {
		return nil, nil, fmt.Errorf("%w: _sd_alg %q, want sha-256", ErrMalformed, alg)
	}
	signed := map[string]bool{}
	list, _ := payload["_sd"].([]any)
	for _, d := range list {
		s, ok := d.(string)
		if !ok {
			return nil, nil, fmt.Errorf("%w: _sd holds a non-string", ErrMalformed)
		}
		signed[s] = true
	}
	delete(payload, "_sd")
	delete(payload, "_sd_alg")
	seen := map[string]bool{}
	var names []string
	for _, enc := range encoded {
		digest := Digest(enc)
		if !signed[digest] {
			return nil, nil, ErrDisclosure
		}
		if seen[digest] {
			return nil, nil, fmt.Errorf("%w: a disclosure is repeated", ErrMalformed)
		}
		seen[digest] = true
		d, err := ParseDisclosure(enc)
		if err != nil {
			return nil, nil, err
		}
		if _, clash := payload[d.Name]; clash {
			return nil, nil, fmt.Errorf("%w: claim %q disclosed twice or over a clear claim", ErrMalformed, d.Name)
		}
		payload[d.Name] = d.Value
		names = append(names, d.Name)
	}
	return payload, names, nil
}

// checkTimes refuses an expired credential or one not yet valid.
func checkTimes(claims map[string]any, now time.Time) error {
	if exp, ok := numericDate(claims["exp"]); ok && !now.Before(exp) {
		return fmt.Errorf("%w at %s", ErrExpired, exp.UTC().Format(time.RFC3339))
	}
	if nbf, ok := numericDate(claims["nbf"]); ok && now.Before(nbf) {
		return fmt.Errorf("%w: not valid before %s", ErrMalformed, nbf.UTC().Format(time.RFC3339))
	}
	return nil
}

// checkKeyBinding verifies the KB-JWT under cnf.jwk and its sd_hash over
// the presentation before it.
func checkKeyBinding(kb, presented string, claims map[string]any, opt Options) error {
	holder, err := cnfKey(claims)
	if err != nil {
		return err
	}
	p, err := jose.Parse(kb)
	if err != nil || p.Header.Typ != KBTyp {
		return fmt.Errorf("%w: KB-JWT is malformed or not typ %s", ErrKeyBinding, KBTyp)
	}
	if err := p.Verify(holder); err != nil {
		return fmt.Errorf("%w: not signed by the cnf key", ErrKeyBinding)
	}
	payload, err := decodeObject(p.Payload)
	if err != nil {
		return err
	}
	if h, _ := payload["sd_hash"].(string); h != SDHash(presented) {
		return fmt.Errorf("%w: sd_hash does not match the presentation", ErrKeyBinding)
	}
	maxAge := opt.MaxKeyBindingAge
	if maxAge == 0 {
		maxAge = 5 * time.Minute
	}
	iat, ok := numericDate(payload["iat"])
	if !ok || iat.After(opt.Now.Add(time.Minute)) || opt.Now.Sub(iat) > maxAge {
		return fmt.Errorf("%w: iat missing or outside %s", ErrKeyBinding, maxAge)
	}
	for claim, want := range map[string]string{"aud": opt.Audience, "nonce": opt.Nonce} {
		if got, _ := payload[claim].(string); want != "" && got != want {
			return fmt.Errorf("%w: %s %q, want %q", ErrKeyBinding, claim, got, want)
		}
	}
	return nil
}

// cnfKey reads the holder's key from cnf.jwk.
func cnfKey(claims map[string]any) (*ecdsa.PublicKey, error) {
	cnf, _ := claims["cnf"].(map[string]any)
	raw, err := json.Marshal(cnf["jwk"])
	if err != nil || cnf == nil {
		return nil, fmt.Errorf("%w: no cnf.jwk", ErrKeyBinding)
	}
	var k jose.JWK
	if err := json.Unmarshal(raw, &k); err != nil {
		return nil, fmt.Errorf("%w: cnf.jwk: %v", ErrKeyBinding, err)
	}
	pub, err := k.Key()
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrKeyBinding, err)
	}
	return pub, nil
}

func decodeObject(b []byte) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil || m == nil {
		return nil, fmt.Errorf("%w: payload is not a JSON object", ErrMalformed)
	}
	return m, nil
}

// numericDate reads a JWT NumericDate (seconds since the epoch).
func numericDate(v any) (time.Time, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return time.Time{}, false
	}
	f, err := n.Float64()
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(int64(f), 0), true
}

// Names lists the disclosable claim names of an issued credential.
func (i Issued) Names() []string {
	names := make([]string, 0, len(i.Disclosures))
	for _, d := range i.Disclosures {
		names = append(names, d.Name)
	}
	return slices.Sorted(slices.Values(names))
}

// ParseIssued splits an SD-JWT with all disclosures (as the holder keeps
// it) back into its parts, checking each disclosure decodes.
func ParseIssued(s string) (Issued, error) {
	parts := strings.Split(s, "~")
	if len(parts) < 2 || parts[len(parts)-1] != "" || len(parts)-2 > MaxDisclosures {
		return Issued{}, fmt.Errorf("%w: not an issued SD-JWT", ErrMalformed)
	}
	i := Issued{JWT: parts[0]}
	for _, enc := range parts[1 : len(parts)-1] {
		d, err := ParseDisclosure(enc)
		if err != nil {
			return Issued{}, err
		}
		i.Disclosures = append(i.Disclosures, d)
	}
	return i, nil
}
