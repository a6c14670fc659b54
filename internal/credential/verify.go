package credential

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"time"

	"dancu/internal/apperr"
	"dancu/internal/audit"
	"dancu/internal/credential/jose"
	"dancu/internal/credential/sdjwt"
	"dancu/internal/credential/statuslist"
)

// Trust is what an offline verifier holds: the issuer's published keys
// and, optionally, its status list.
type Trust struct {
	Issuer string // expected iss; "" accepts the issuer of the key set
	JWKS   jose.JWKS
	// StatusList returns the list published at uri; nil leaves the status
	// unchecked ("unknown").
	StatusList func(uri string) (*statuslist.List, error)
	// Audience and Nonce the key binding must carry, when set.
	Audience, Nonce  string
	MaxKeyBindingAge time.Duration
}

// Result is a verification's answer.
type Result struct {
	Valid     bool           `json:"valid"`
	Status    string         `json:"status"` // valid, revoked, suspended, unknown, invalid
	Problem   string         `json:"problem,omitempty"`
	Issuer    string         `json:"issuer,omitempty"`
	VCT       string         `json:"vct,omitempty"`
	ExpiresAt *time.Time     `json:"expires_at,omitempty"`
	KeyBound  bool           `json:"key_bound"`
	Disclosed []string       `json:"disclosed,omitempty"`
	Claims    map[string]any `json:"claims,omitempty"`
	// StatusIndex is the credential's entry in the status list.
	StatusIndex int `json:"-"`
}

// Check verifies a presentation offline: signature, disclosures, expiry,
// key binding, and the status list entry when the trust has a list.
func Check(presentation string, t Trust, now time.Time) Result {
	v, err := sdjwt.Verify(presentation, sdjwt.Options{
		Now: now, Audience: t.Audience, Nonce: t.Nonce, MaxKeyBindingAge: t.MaxKeyBindingAge,
		IssuerKey: func(h jose.Header, iss string) (*ecdsa.PublicKey, error) {
			if t.Issuer != "" && iss != t.Issuer {
				return nil, fmt.Errorf("issuer %q is not %q", iss, t.Issuer)
			}
			return t.JWKS.Find(h.Kid)
		},
	})
	if err != nil {
		return Result{Status: "invalid", Problem: err.Error()}
	}
	r := Result{Valid: true, Status: "unknown", KeyBound: v.KeyBound, Disclosed: v.Disclosed, Claims: v.Claims}
	r.Issuer, _ = v.Claims["iss"].(string)
	r.VCT, _ = v.Claims["vct"].(string)
	if vct := r.VCT; vct != VCT {
		return Result{Status: "invalid", Problem: fmt.Sprintf("vct %q is not the căn cước điện tử", vct)}
	}
	if exp, ok := v.Claims["exp"].(interface{ Int64() (int64, error) }); ok {
		if n, err := exp.Int64(); err == nil {
			at := time.Unix(n, 0).UTC()
			r.ExpiresAt = &at
		}
	}
	return checkStatus(r, v.Claims, t)
}

// checkStatus reads the credential's entry in its status list.
func checkStatus(r Result, claims map[string]any, t Trust) Result {
	ref, err := statusRef(claims)
	if err != nil {
		return Result{Status: "invalid", Problem: err.Error()}
	}
	r.StatusIndex = ref.StatusList.Idx
	if t.StatusList == nil {
		return r
	}
	l, err := t.StatusList(ref.StatusList.URI)
	if err != nil {
		r.Valid, r.Problem = false, "status list: "+err.Error()
		return r
	}
	st, err := l.Get(ref.StatusList.Idx)
	switch {
	case err != nil:
		r.Valid, r.Status, r.Problem = false, "invalid", err.Error()
	case st == statuslist.Valid:
		r.Status = "valid"
	case st == statuslist.Suspended:
		r.Valid, r.Status = false, "suspended"
	default:
		r.Valid, r.Status = false, "revoked"
	}
	return r
}

func statusRef(claims map[string]any) (statuslist.Ref, error) {
	var ref statuslist.Ref
	st, _ := claims["status"].(map[string]any)
	sl, _ := st["status_list"].(map[string]any)
	uri, _ := sl["uri"].(string)
	idx, ok := sl["idx"].(interface{ Int64() (int64, error) })
	if uri == "" || !ok {
		return ref, errors.New("the credential has no status list reference")
	}
	n, err := idx.Int64()
	if err != nil || n < 0 || n >= statuslist.MaxEntries {
		return ref, errors.New("the credential's status index is out of range")
	}
	return statuslist.NewRef(uri, int(n)), nil
}

// Verify checks a presentation against this issuer's own keys and status
// list (the verifier endpoint), and audits it with the credential's
// holder and the claims disclosed.
func (s *Service) Verify(ctx context.Context, a Actor, presentation, audience, nonce string) (Result, error) {
	trust, err := s.trust(ctx)
	if err != nil {
		return Result{}, err
	}
	trust.Audience, trust.Nonce = audience, nonce
	r := Check(presentation, trust, s.cfg.Now())
	holder := ""
	if r.Status != "invalid" {
		if c, err := s.cfg.Store.CredentialByStatusIndex(ctx, r.StatusIndex); err == nil {
			holder = c.CitizenID
		} else if !apperr.Is(err, apperr.NotFound) {
			return Result{}, err
		}
	}
	e := a.entry(s.cfg.Now(), "credential.verify", holder, r.Disclosed)
	e.Result = r.Status
	return r, audit.AppendWithin(ctx, s.cfg.Audit, e)
}

// trust is this issuer's own keys and current status list.
func (s *Service) trust(ctx context.Context) (Trust, error) {
	md, err := s.Metadata()
	if err != nil {
		return Trust{}, err
	}
	tok, err := s.StatusListToken(ctx)
	if err != nil {
		return Trust{}, err
	}
	return Trust{Issuer: s.cfg.Issuer, JWKS: md.JWKS, StatusList: func(uri string) (*statuslist.List, error) {
		return ParseStatusList(tok, uri, md.JWKS, s.cfg.Now())
	}}, nil
}

// ParseStatusList verifies a status list token under the issuer's keys.
func ParseStatusList(token, uri string, jwks jose.JWKS, now time.Time) (*statuslist.List, error) {
	return statuslist.Parse(token, uri, func(h jose.Header) (*ecdsa.PublicKey, error) { return jwks.Find(h.Kid) }, now)
}
