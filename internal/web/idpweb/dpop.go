package idpweb

import (
	"context"
	"crypto"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"net/http"
	"strings"
	"sync/atomic"
	"time"

	jose "github.com/go-jose/go-jose/v4"

	"dancu/internal/idp"
)

// DPoP (RFC 9449) on the token, PAR and userinfo endpoints, as middleware
// in front of op's handlers: a valid proof puts its key's thumbprint in
// the request context, where the op.Server methods bind or check tokens.
// Every proof must carry a fresh server nonce (§8): the answer without one
// is use_dpop_nonce with a DPoP-Nonce header, which clients retry with.

const (
	dpopMaxProof   = 8 << 10
	dpopIATWindow  = 60 * time.Second
	nonceWindow    = 2 * time.Minute
	headerDPoP     = "DPoP"
	headerNonce    = "DPoP-Nonce"
	headerWWWAuthn = "WWW-Authenticate"
)

var dpopAlgs = []jose.SignatureAlgorithm{jose.ES256, jose.PS256, jose.RS256, jose.EdDSA}

type dpopKey struct{}

// dpopResult is what a checked request carries.
type dpopResult struct {
	jkt    string // thumbprint of the proof's key; "" without a proof
	scheme string // Authorization scheme at the userinfo endpoint
}

func dpopFrom(ctx context.Context) dpopResult {
	r, _ := ctx.Value(dpopKey{}).(dpopResult)
	return r
}

type dpopChecker struct {
	svc    *idp.Service
	secret []byte
	// last is the newest window's nonce: every token and userinfo answer
	// carries the current nonce, which changes once a window, so it is
	// computed once a window instead of with an HMAC per answer.
	last atomic.Pointer[windowNonce]
}

type windowNonce struct {
	window int64
	nonce  string
}

func newDPoPChecker(svc *idp.Service) *dpopChecker {
	sec := make([]byte, 32)
	rand.Read(sec) // never fails (crypto/rand, Go 1.24+)
	return &dpopChecker{svc: svc, secret: sec}
}

// nonce is the current server nonce: a time window and its HMAC, so
// nothing is stored and any nonce of this or the previous window is valid.
func (d *dpopChecker) nonce(now time.Time) string {
	return d.nonceFor(now.Unix() / int64(nonceWindow/time.Second))
}

func (d *dpopChecker) nonceFor(window int64) string {
	if l := d.last.Load(); l != nil && l.window == window {
		return l.nonce
	}
	n := d.computeNonce(window)
	if l := d.last.Load(); l == nil || l.window < window {
		d.last.Store(&windowNonce{window, n}) // a racing older window only costs a recomputation
	}
	return n
}

func (d *dpopChecker) computeNonce(window int64) string {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], uint64(window))
	m := hmac.New(sha256.New, d.secret)
	m.Write(b[:])
	return base64.RawURLEncoding.EncodeToString(append(b[:], m.Sum(nil)[:16]...))
}

func (d *dpopChecker) nonceValid(n string, now time.Time) bool {
	w := now.Unix() / int64(nonceWindow/time.Second)
	for _, cand := range []string{d.nonceFor(w), d.nonceFor(w - 1)} {
		if subtle.ConstantTimeCompare([]byte(n), []byte(cand)) == 1 {
			return true
		}
	}
	return false
}

// dpopClaims are a proof's claims (RFC 9449 §4.2).
type dpopClaims struct {
	JTI   string `json:"jti"`
	HTM   string `json:"htm"`
	HTU   string `json:"htu"`
	IAT   int64  `json:"iat"`
	Nonce string `json:"nonce"`
	ATH   string `json:"ath"`
}

// check verifies one proof for method and htu (and, at a resource, the
// access token's hash) and returns its key's thumbprint, or the error code.
func (d *dpopChecker) check(proof, method, htu, accessToken string) (string, string) {
	if len(proof) > dpopMaxProof {
		return "", idp.ErrInvalidDPoPProof
	}
	sig, err := jose.ParseSigned(proof, dpopAlgs)
	if err != nil || len(sig.Signatures) != 1 {
		return "", idp.ErrInvalidDPoPProof
	}
	h := sig.Signatures[0].Protected
	if typ, _ := h.ExtraHeaders[jose.HeaderType].(string); typ != "dpop+jwt" || h.JSONWebKey == nil || !h.JSONWebKey.IsPublic() {
		return "", idp.ErrInvalidDPoPProof
	}
	payload, err := sig.Verify(h.JSONWebKey)
	if err != nil {
		return "", idp.ErrInvalidDPoPProof
	}
	var c dpopClaims
	if json.Unmarshal(payload, &c) != nil || c.JTI == "" || len(c.JTI) > 256 || c.HTM != method || !sameURI(c.HTU, htu) {
		return "", idp.ErrInvalidDPoPProof
	}
	now := d.svc.Now()
	iat := time.Unix(c.IAT, 0)
	if iat.Before(now.Add(-dpopIATWindow)) || iat.After(now.Add(dpopIATWindow)) {
		return "", idp.ErrInvalidDPoPProof
	}
	if accessToken != "" {
		sum := sha256.Sum256([]byte(accessToken))
		if c.ATH != base64.RawURLEncoding.EncodeToString(sum[:]) {
			return "", idp.ErrInvalidDPoPProof
		}
	}
	if !d.nonceValid(c.Nonce, now) {
		return "", idp.ErrUseDPoPNonce
	}
	tp, err := h.JSONWebKey.Thumbprint(crypto.SHA256)
	if err != nil {
		return "", idp.ErrInvalidDPoPProof
	}
	jkt := base64.RawURLEncoding.EncodeToString(tp)
	if !d.svc.UseJTI("dpop:"+jkt+":"+c.JTI, now.Add(2*dpopIATWindow)) {
		return "", idp.ErrInvalidDPoPProof
	}
	return jkt, ""
}

// sameURI compares htu with the endpoint's URI, ignoring query and
// fragment (RFC 9449 §4.3 step 9).
func sameURI(htu, want string) bool {
	if i := strings.IndexAny(htu, "?#"); i >= 0 {
		htu = htu[:i]
	}
	return strings.EqualFold(htu, want)
}

// middleware checks DPoP on the endpoints that take it.
func (d *dpopChecker) middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case PathToken, PathPAR, PathUserinfo:
		default:
			next.ServeHTTP(w, r)
			return
		}
		resource := r.URL.Path == PathUserinfo
		w.Header().Set(headerNonce, d.nonce(d.svc.Now()))
		res := dpopResult{scheme: "Bearer"}
		var token string
		if resource {
			scheme, tok, _ := strings.Cut(r.Header.Get("Authorization"), " ")
			if strings.EqualFold(scheme, "DPoP") {
				res.scheme, token = "DPoP", strings.TrimSpace(tok)
			}
		}
		proofs := r.Header.Values(headerDPoP)
		if len(proofs) > 1 || (res.scheme == "DPoP" && len(proofs) == 0) {
			d.refuse(w, resource, idp.ErrInvalidDPoPProof, "exactly one DPoP proof is required")
			return
		}
		if len(proofs) == 1 {
			jkt, code := d.check(proofs[0], r.Method, issuer(r.Context())+r.URL.Path, token)
			if code != "" {
				d.refuse(w, resource, code, "DPoP proof refused")
				return
			}
			res.jkt = jkt
		}
		if res.scheme == "DPoP" {
			// op's userinfo handler reads a Bearer header; the binding is
			// checked by server.UserInfo from the context.
			r = r.Clone(r.Context())
			r.Header.Set("Authorization", "Bearer "+token)
		}
		if resource {
			w = &authnChallenge{ResponseWriter: w, scheme: res.scheme}
		}
		next.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), dpopKey{}, res)))
	})
}

// refuse answers a refused proof: 400 at the authorization server, 401
// with a DPoP challenge at the resource (RFC 9449 §7.1, §8).
func (d *dpopChecker) refuse(w http.ResponseWriter, resource bool, code, desc string) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	status := http.StatusBadRequest
	if resource {
		status = http.StatusUnauthorized
		w.Header().Set(headerWWWAuthn, `DPoP error="`+code+`", algs="ES256 PS256 RS256 EdDSA"`)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(map[string]string{"error": code, "error_description": desc})
}

// authnChallenge adds the WWW-Authenticate challenge to a 401 from the
// userinfo endpoint (RFC 6750 §3, RFC 9449 §7.1).
type authnChallenge struct {
	http.ResponseWriter
	scheme string
}

func (a *authnChallenge) WriteHeader(status int) {
	if status == http.StatusUnauthorized && a.Header().Get(headerWWWAuthn) == "" {
		a.Header().Set(headerWWWAuthn, a.scheme+` error="invalid_token"`)
	}
	a.ResponseWriter.WriteHeader(status)
}

// ProofChecker checks DPoP proofs for a resource server outside the
// provider's handler (the API's wallet route), with its own server
// nonces: a client learns them from that server's DPoP-Nonce header.
type ProofChecker struct{ d *dpopChecker }

// NewProofChecker checks proofs against svc's clock and replay cache.
func NewProofChecker(svc *idp.Service) *ProofChecker { return &ProofChecker{d: newDPoPChecker(svc)} }

// Nonce is the current server nonce (RFC 9449 §9).
func (p *ProofChecker) Nonce() string { return p.d.nonce(p.d.svc.Now()) }

// Check verifies proof for method, htu and accessToken's hash and returns
// its key's thumbprint, or the error code (invalid_dpop_proof,
// use_dpop_nonce).
func (p *ProofChecker) Check(proof, method, htu, accessToken string) (jkt, code string) {
	return p.d.check(proof, method, htu, accessToken)
}
