package api

import (
	"net/http"

	"dancu/internal/apperr"
	"dancu/internal/credential"
	"dancu/internal/share"
)

// credentialRoutes serve the căn cước điện tử to verifiers: the issuer's
// keys and status list (public: they hold no personal data), the verifier
// endpoint (partner agencies) and presentation links (the link's secret
// is the capability the citizen hands out).
func (s *server) credentialRoutes() []route {
	return []route{
		{method: "GET", path: credential.MetadataPath, public: true, h: s.credentialIssuerMetadata},
		{method: "GET", path: credential.StatusListPath, public: true, h: s.credentialStatusList},
		{method: "POST", path: "/api/v1/credentials/verify", agency: true, maxBody: 512 << 10,
			h: s.asAgency(share.AudienceVerify, s.verifyCredential)},
		{method: "GET", path: credential.PresentationsPath + "/{token}", public: true, h: s.openPresentation},
	}
}

func (s *server) credentials() (*credential.Service, error) {
	if s.creds == nil {
		return nil, apperr.New(apperr.NotFound, "the căn cước điện tử is not enabled on this server")
	}
	return s.creds, nil
}

// credentialIssuerMetadata serves the JWT VC Issuer Metadata: the issuer
// and its keys (each with its chain to the CSCA).
func (s *server) credentialIssuerMetadata(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	md, err := svc.Metadata()
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=300")
	return writeJSON(w, http.StatusOK, md)
}

// credentialStatusList serves the signed status list (statuslist+jwt).
func (s *server) credentialStatusList(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	tok, err := svc.StatusListToken(r.Context())
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/statuslist+jwt")
	w.Header().Set("Cache-Control", "public, max-age=60")
	_, err = w.Write([]byte(tok))
	return err
}

type verifyCredentialRequest struct {
	Presentation string `json:"presentation"`
	Audience     string `json:"audience"`
	Nonce        string `json:"nonce"`
}

// verifyCredential checks a presentation for a partner agency against the
// published keys and the current status list; the answer carries only
// the claims the holder disclosed.
func (s *server) verifyCredential(w http.ResponseWriter, r *http.Request, c *call, p share.Principal) error {
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	var req verifyCredentialRequest
	if err := decodeJSON(r, &req); err != nil {
		return err
	}
	if req.Presentation == "" {
		return apperr.WithFields("no presentation", apperr.FieldError{Field: "presentation", Reason: "required: the SD-JWT presented by the holder"})
	}
	a := credential.Actor{UserID: p.Agency.ID, Username: p.Agency.Name, Role: "agency", AgencyID: p.Agency.ID,
		LegalBasis: p.Agency.LegalBasis, RequestID: c.id, Route: c.route}
	res, err := svc.Verify(r.Context(), a, req.Presentation, req.Audience, req.Nonce)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, res)
}

// openPresentation verifies and shows the presentation behind a
// short-lived link.
func (s *server) openPresentation(w http.ResponseWriter, r *http.Request, c *call) error {
	svc, err := s.credentials()
	if err != nil {
		return err
	}
	a := credential.Actor{Username: "link", Role: "public", RequestID: c.id, Route: c.route}
	res, err := svc.OpenLink(r.Context(), a, r.PathValue("token"))
	if err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "no-store")
	return writeJSON(w, http.StatusOK, res)
}
