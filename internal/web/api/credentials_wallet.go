package api

import (
	"errors"
	"net/http"
	"strings"

	"dancu/internal/apperr"
	"dancu/internal/credential"
	"dancu/internal/idp"
)

// The wallet route, in the spirit of OpenID4VCI's nonce and credential
// endpoints: the citizen's wallet, holding the provider's access token
// with scope cccd_credential (DPoP-bound for a FAPI 2.0 wallet), proves
// its key over a fresh nonce and receives the căn cước điện tử bound to it.
const (
	pathWalletNonce      = "/api/v1/credentials/nonce"
	pathWalletCredential = "/api/v1/credentials/wallet"
)

// DPoPProofs checks DPoP proofs at this resource server (idpweb's
// ProofChecker).
type DPoPProofs interface {
	Nonce() string
	Check(proof, method, htu, accessToken string) (jkt, code string)
}

func (s *server) walletRoutes() []route {
	return []route{
		{method: "POST", path: pathWalletNonce, public: true, h: s.walletNonce},
		{method: "POST", path: pathWalletCredential, citizen: true, maxBody: 16 << 10, h: s.walletCredential},
	}
}

// walletNonce hands out a single-use nonce for a key proof.
func (s *server) walletNonce(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	n, ttl := svc.WalletNonce()
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, map[string]any{"c_nonce": n, "c_nonce_expires_in": int(ttl.Seconds())})
}

// walletRequest is the credential request: one key proof, as OpenID4VCI
// 1.0 ("proofs") or its drafts ("proof") send it.
type walletRequest struct {
	Proof *struct {
		ProofType string `json:"proof_type"`
		JWT       string `json:"jwt"`
	} `json:"proof"`
	Proofs *struct {
		JWT []string `json:"jwt"`
	} `json:"proofs"`
	Format                  string `json:"format"`
	CredentialConfiguration string `json:"credential_configuration_id"`
}

func (q walletRequest) jwt() (string, bool) {
	switch {
	case q.Proof != nil && q.Proofs == nil && q.Proof.ProofType == "jwt":
		return q.Proof.JWT, true
	case q.Proofs != nil && q.Proof == nil && len(q.Proofs.JWT) == 1:
		return q.Proofs.JWT[0], true
	}
	return "", false
}

// walletCredential issues the citizen's credential to the wallet's key.
func (s *server) walletCredential(w http.ResponseWriter, r *http.Request, c *call) error {
	access, ok, err := s.walletAccess(w, r)
	if !ok {
		return err
	}
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	var q walletRequest
	if err := decodeJSON(r, &q); err != nil {
		return err
	}
	proof, ok := q.jwt()
	if !ok {
		return writeOAuthError(w, http.StatusBadRequest, "invalid_credential_request", `send exactly one key proof: "proofs": {"jwt": ["…"]}`)
	}
	a := credential.Actor{UserID: access.CitizenID, Username: "wallet:" + access.ClientID, Role: "citizen", RequestID: c.id, Route: c.route}
	cred, err := svc.IssueToWallet(r.Context(), a, access.CitizenID, proof)
	var ae *apperr.Error
	switch {
	case errors.Is(err, credential.ErrInvalidProof), errors.Is(err, credential.ErrInvalidNonce):
		errors.As(err, &ae)
		code := "invalid_proof"
		if errors.Is(err, credential.ErrInvalidNonce) {
			code = "invalid_nonce"
		}
		return writeOAuthError(w, http.StatusBadRequest, code, ae.Message)
	case err != nil:
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, map[string]any{"credentials": []map[string]string{{"credential": cred.SDJWT}}})
}

// walletAccess checks the provider's access token (and, for DPoP, its
// proof); on refusal it has answered with the RFC 6750 / RFC 9449 error.
func (s *server) walletAccess(w http.ResponseWriter, r *http.Request) (idp.Access, bool, error) {
	// A refusal names its RFC 6750 / RFC 9449 code in WWW-Authenticate and
	// in the problem's detail.
	challenge := func(code, desc string) (idp.Access, bool, error) {
		w.Header().Set("WWW-Authenticate", `DPoP error="`+code+`", algs="ES256", Bearer error="`+code+`"`)
		if code == idp.ErrInsufficientScope {
			return idp.Access{}, false, apperr.New(apperr.Forbidden, "%s: %s", code, desc)
		}
		return idp.Access{}, false, apperr.New(apperr.Unauthenticated, "%s: %s", code, desc)
	}
	scheme, token, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	token = strings.TrimSpace(token)
	dpop := strings.EqualFold(scheme, "DPoP")
	switch {
	case token == "" || (!dpop && !strings.EqualFold(scheme, "Bearer")):
		return challenge(idp.ErrInvalidToken, "this route needs the provider's access token (Authorization: DPoP or Bearer)")
	case s.oidc == nil || s.dpop == nil:
		return challenge(idp.ErrInvalidToken, "this server has no OpenID Connect provider whose tokens it could accept")
	}
	w.Header().Set("DPoP-Nonce", s.dpop.Nonce())
	scheme, jkt := "Bearer", ""
	if dpop {
		scheme = "DPoP"
		proofs := r.Header.Values("DPoP")
		if len(proofs) != 1 {
			return challenge(idp.ErrInvalidDPoPProof, "exactly one DPoP proof is required")
		}
		var code string
		if jkt, code = s.dpop.Check(proofs[0], r.Method, requestOrigin(r)+r.URL.Path, token); code != "" {
			return challenge(code, "DPoP proof refused")
		}
	}
	access, err := s.oidc.ResourceAccess(r.Context(), token, scheme, jkt, idp.ScopeCredential)
	var perr *idp.Error
	if errors.As(err, &perr) {
		return challenge(perr.Code, perr.Description)
	}
	if err != nil {
		return idp.Access{}, false, err
	}
	return access, true, nil
}

// requestOrigin is the scheme and host the client addressed (the DPoP
// proof's htu).
func requestOrigin(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
